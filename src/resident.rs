//! A read-only copy of the whole store held in memory, for the endpoint's queries.
//!
//! Oxigraph's evaluator reads the store one pattern at a time, and at 10,000 documents each
//! lookup is a RocksDB seek (3–5 µs) and each term read back a lookup in its string table: the
//! listing queries, which join tens of thousands of rows, spent most of their time there. The
//! server evaluates its queries on this copy instead: every term is a number, and the four
//! indexes are sorted arrays searched by bisection. The evaluator is Oxigraph's own (spareval),
//! so the answers are those the store gives, which the tests check query by query. One
//! difference: a pattern with nothing bound (`?s ?p ?o`) reads an index that ends with the
//! graph, so the union gives each triple once, where the store gives it once per graph.
//!
//! The copy is made from one snapshot of the store, so it is consistent; the server makes a new
//! one after an update.

use hashbrown::HashTable;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad,
    Term, TermRef, Variable,
};
use oxigraph::store::{StorageError, Store};
use rustc_hash::{FxBuildHasher, FxHashMap};
use spareval::{ExpressionTerm, InternalQuad, QueryableDataset};
use std::cell::RefCell;
use std::convert::Infallible;
use std::hash::BuildHasher;
use std::rc::Rc;
use std::sync::Arc;

/// The number standing for the default graph in the indexes (no term has it).
const DEFAULT_GRAPH: u32 = u32::MAX;

/// Where each index puts a quad's parts (0 subject, 1 predicate, 2 object, 3 graph). The three
/// that end with the graph put the copies of a triple in several graphs next to each other,
/// which the evaluator's union of the graphs relies on to state a triple once.
const ORDERS: [[usize; 4]; 4] = [[0, 1, 2, 3], [1, 2, 0, 3], [2, 0, 1, 3], [3, 0, 1, 2]];
const SPOG: usize = 0;
const POSG: usize = 1;
const OSPG: usize = 2;
const GSPO: usize = 3;

/// The store's quads, dictionary-encoded, in four sorted orders.
pub struct ResidentStore {
    /// The terms, numbered in the order `ORDER BY` sorts them ([`renumber_in_order`]).
    terms: Vec<Term>,
    ids: HashTable<u32>,
    hasher: FxBuildHasher,
    /// One array per entry of `ORDERS`, each quad laid out in that order and packed into one
    /// number, most significant part first, so that a prefix is a range of numbers.
    indexes: [Vec<u128>; 4],
    /// For each index, where the keys beginning with each term start: the keys beginning with
    /// term `t` are `starts[order][t]..starts[order][t + 1]`. A lookup bisects only the keys
    /// of its first term, not 3 million (at 10,000 documents, two bisections of the whole
    /// array per index tried were a fifth of a listing query's time).
    starts: [Vec<u32>; 4],
    /// The named graphs, sorted.
    graphs: Vec<u32>,
    /// Each term's rank in the order `ORDER BY` sorts terms (`spareval::order_ranks`), which
    /// grows with the number but is shared by terms the sort does not tell apart: a sort by
    /// a variable compares these numbers rather than building each key's term and comparing
    /// strings (at 10,000 documents, 17,266 rows sorted by four IRIs and a number: 100 ms with
    /// the terms built, 64 ms with the ranks, 67 ms unsorted).
    ranks: Vec<u32>,
}

/// The subjects pointing to one term with one predicate ([`ResidentStore::incoming`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// The predicate.
    pub predicate: NamedNode,
    /// How many distinct subjects state it.
    pub subjects: usize,
    /// The first of them.
    pub first: Vec<NamedOrBlankNode>,
}

/// Distinct triples, subjects, properties and objects ([`ResidentStore::counts_without`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Distinct triples (a triple stated in two graphs counts once).
    pub triples: usize,
    /// Distinct subjects.
    pub subjects: usize,
    /// Distinct predicates.
    pub properties: usize,
    /// Distinct objects.
    pub objects: usize,
    /// Distinct subjects that are IRIs under the given prefix.
    pub entities: usize,
}

/// How much a resident copy holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResidentSize {
    /// Quads, counted once.
    pub quads: usize,
    /// Distinct terms.
    pub terms: usize,
}

impl ResidentStore {
    /// Copies every quad of `store`, from one snapshot of it. Each distinct term is read from
    /// the store once (`Store::numbered_quads`, vendor/README.md): read once per quad, the copy
    /// of 10,000 documents took a minute.
    pub fn load(store: &Store) -> Result<Self, StorageError> {
        let (terms, quads) = store.numbered_quads()?;
        Ok(Builder {
            terms,
            quads,
            ..Builder::default()
        }
        .finish())
    }

    /// Copies the given quads (a store's, read elsewhere).
    pub fn from_quads<'q>(quads: impl IntoIterator<Item = &'q Quad>) -> Self {
        let mut builder = Builder::default();
        for quad in quads {
            builder.add(quad);
        }
        builder.finish()
    }

    /// How many quads and terms the copy holds.
    pub fn size(&self) -> ResidentSize {
        ResidentSize {
            quads: self.indexes[0].len(),
            terms: self.terms.len(),
        }
    }

    /// A dataset over this copy for one query evaluation.
    pub fn dataset(self: &Arc<Self>) -> ResidentDataset {
        ResidentDataset {
            store: Arc::clone(self),
            fresh: Rc::default(),
            computed: RefCell::default(),
        }
    }

    /// The quads matching a pattern, as [`Store::quads_for_pattern`] gives them: with no graph
    /// given, the quads of every graph, a triple once per graph that states it.
    pub fn quads_for_pattern(
        self: &Arc<Self>,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph_name: Option<GraphNameRef<'_>>,
    ) -> impl Iterator<Item = Result<Quad, Infallible>> + use<> {
        let mut unknown = false;
        let mut lookup = |term: Option<Term>| {
            let term = term?;
            let id = self.id(&term);
            unknown |= id.is_none();
            id
        };
        let bound = [
            lookup(subject.map(|s| s.into_owned().into())),
            lookup(predicate.map(|p| p.into_owned().into())),
            lookup(object.map(TermRef::into_owned)),
            match graph_name {
                None => None,
                Some(GraphNameRef::DefaultGraph) => Some(DEFAULT_GRAPH),
                Some(GraphNameRef::NamedNode(g)) => lookup(Some(g.into_owned().into())),
                Some(GraphNameRef::BlankNode(g)) => lookup(Some(g.into_owned().into())),
            },
        ];
        let scan = if unknown {
            Scan::empty(self)
        } else {
            self.scan(bound)
        };
        let store = Arc::clone(self);
        scan.map(move |quad| {
            let Ok(quad) = quad;
            Ok(Quad::new(
                store.subject(quad.subject),
                store.named_node(quad.predicate),
                store.terms[quad.object as usize].clone(),
                match quad.graph_name {
                    None => GraphName::DefaultGraph,
                    Some(graph) => match store.subject(graph) {
                        NamedOrBlankNode::NamedNode(node) => node.into(),
                        NamedOrBlankNode::BlankNode(node) => node.into(),
                    },
                },
            ))
        })
    }

    /// Whether a named graph holds any quad.
    pub fn contains_named_graph(&self, graph: NamedNodeRef<'_>) -> bool {
        self.id(&graph.into_owned().into())
            .is_some_and(|id| self.graphs.binary_search(&id).is_ok())
    }

    /// What points to `object`: per predicate, the number of distinct subjects stating it of
    /// `object` in any graph, and the first `listed` of them in the copy's order. Counted on
    /// the numbers, from one range of the object-first index: a role is the object of 200,000
    /// participations, and counting them through SPARQL took 98 ms a page.
    pub fn incoming(&self, object: &Term, listed: usize) -> Vec<Incoming> {
        let Some(object) = self.id(object) else {
            return Vec::new();
        };
        let mut per_predicate: FxHashMap<u32, (usize, Vec<u32>)> = FxHashMap::default();
        let mut last = None;
        // sorted by subject, then predicate, then graph: a fact stated in several graphs is
        // read in one run
        for &key in self.range(OSPG, &[object]) {
            let [_, subject, predicate, _] = unpack(key);
            if last == Some((subject, predicate)) {
                continue;
            }
            last = Some((subject, predicate));
            let (count, first) = per_predicate.entry(predicate).or_default();
            *count += 1;
            if first.len() < listed {
                first.push(subject);
            }
        }
        let mut incoming: Vec<Incoming> = per_predicate
            .into_iter()
            .map(|(predicate, (subjects, first))| Incoming {
                predicate: self.named_node(predicate),
                subjects,
                first: first.into_iter().map(|id| self.subject(id)).collect(),
            })
            .collect();
        incoming.sort_by(|a, b| a.predicate.cmp(&b.predicate));
        incoming
    }

    /// The named graphs stating a fact with `term` as subject or object: how many, and the
    /// first `listed` of them by IRI.
    pub fn graphs_mentioning(&self, term: &Term, listed: usize) -> (usize, Vec<NamedNode>) {
        let Some(id) = self.id(term) else {
            return (0, Vec::new());
        };
        let mut graphs: Vec<u32> = self
            .range(SPOG, &[id])
            .iter()
            .chain(self.range(OSPG, &[id]))
            .map(|&key| unpack(key)[3])
            .filter(|&graph| graph != DEFAULT_GRAPH)
            .collect();
        graphs.sort_unstable();
        graphs.dedup();
        let count = graphs.len();
        let name = |id: &u32| match &self.terms[*id as usize] {
            Term::NamedNode(node) => node.as_str(),
            _ => "",
        };
        // a theme is mentioned in thousands of graphs: only the listed ones are sorted by name
        if graphs.len() > listed {
            graphs.select_nth_unstable_by_key(listed, name);
            graphs.truncate(listed);
        }
        graphs.sort_unstable_by_key(name);
        let first = graphs
            .into_iter()
            .filter_map(|id| match &self.terms[id as usize] {
                Term::NamedNode(node) => Some(node.clone()),
                _ => None,
            })
            .take(listed)
            .collect();
        (count, first)
    }

    /// The distinct predicates of the facts with `subject` as subject, in the copy's order.
    pub fn predicates_of(&self, subject: &Term) -> Vec<NamedNode> {
        let Some(subject) = self.id(subject) else {
            return Vec::new();
        };
        let mut predicates: Vec<u32> = self
            .range(SPOG, &[subject])
            .iter()
            .map(|&key| unpack(key)[1])
            .collect();
        predicates.dedup();
        predicates
            .into_iter()
            .map(|id| self.named_node(id))
            .collect()
    }

    /// The distinct objects of `subject predicate ?o` in any graph: how many, and the first
    /// `listed` in the copy's order.
    pub fn objects_of(
        &self,
        subject: &Term,
        predicate: NamedNodeRef<'_>,
        listed: usize,
    ) -> (usize, Vec<Term>) {
        let (Some(subject), Some(predicate)) =
            (self.id(subject), self.id(&predicate.into_owned().into()))
        else {
            return (0, Vec::new());
        };
        let mut objects: Vec<u32> = self
            .range(SPOG, &[subject, predicate])
            .iter()
            .map(|&key| unpack(key)[2])
            .collect();
        objects.dedup();
        let first = objects
            .iter()
            .take(listed)
            .map(|&id| self.terms[id as usize].clone())
            .collect();
        (objects.len(), first)
    }

    /// VoID's counts over the named graphs (not the build metadata, in the default graph), each
    /// counted once however many graphs state it: one pass over an index each, where SPARQL
    /// took 25 s at 10,000 documents.
    pub fn counts(&self, entities: &str) -> Counts {
        let kept = |key: u128, graph_slot: usize| unpack(key)[graph_slot] != DEFAULT_GRAPH;
        let mut counts = Counts::default();
        let (mut triple, mut subject) = (None, None);
        for &key in self.indexes[SPOG].iter().filter(|&&key| kept(key, 3)) {
            let [s, p, o, _] = unpack(key);
            if triple != Some([s, p, o]) {
                triple = Some([s, p, o]);
                counts.triples += 1;
            }
            if subject != Some(s) {
                subject = Some(s);
                counts.subjects += 1;
                if matches!(&self.terms[s as usize], Term::NamedNode(node) if node.as_str().starts_with(entities))
                {
                    counts.entities += 1;
                }
            }
        }
        let distinct_first = |order: usize| {
            let mut last = None;
            let mut count = 0;
            for &key in self.indexes[order].iter().filter(|&&key| kept(key, 3)) {
                let first = unpack(key)[0];
                if last != Some(first) {
                    last = Some(first);
                    count += 1;
                }
            }
            count
        };
        counts.properties = distinct_first(POSG);
        counts.objects = distinct_first(OSPG);
        counts
    }

    /// The quads of each named graph, by graph IRI.
    pub fn graph_sizes(&self) -> Vec<(NamedNode, usize)> {
        let mut sizes: Vec<(NamedNode, usize)> = Vec::new();
        let mut last = None;
        for &key in &self.indexes[GSPO] {
            let graph = unpack(key)[0];
            if graph == DEFAULT_GRAPH {
                continue;
            }
            if last == Some(graph) {
                if let Some((_, size)) = sizes.last_mut() {
                    *size += 1;
                }
                continue;
            }
            last = Some(graph);
            if let Term::NamedNode(node) = &self.terms[graph as usize] {
                sizes.push((node.clone(), 1));
            }
        }
        sizes.sort_by(|a, b| a.0.cmp(&b.0));
        sizes
    }

    /// The keys of index `order` that begin with `prefix`.
    fn range(&self, order: usize, prefix: &[u32]) -> &[u128] {
        let (start, end) = self.span(order, prefix);
        &self.indexes[order][start..end]
    }

    /// Where the keys of index `order` that begin with `prefix` start and end.
    fn span(&self, order: usize, prefix: &[u32]) -> (usize, usize) {
        let index = &self.indexes[order];
        let Some(&first) = prefix.first() else {
            return (0, index.len());
        };
        // the keys of the first term, from the table; the default graph has no entry in it
        let (from, to) = match self.starts[order].get(first as usize..=first as usize + 1) {
            Some(&[from, to]) => (from as usize, to as usize),
            _ => (0, index.len()),
        };
        let (mut low, mut high) = (0u128, u128::MAX);
        for (slot, &value) in prefix.iter().enumerate() {
            let shift = 96 - 32 * slot;
            let mask = u128::from(u32::MAX) << shift;
            low = (low & !mask) | (u128::from(value) << shift);
            high = (high & !mask) | (u128::from(value) << shift);
        }
        let keys = &index[from..to];
        let start = keys.partition_point(|&key| key < low);
        let end = start + keys[start..].partition_point(|&key| key <= high);
        (from + start, from + end)
    }

    fn subject(&self, id: u32) -> NamedOrBlankNode {
        match &self.terms[id as usize] {
            Term::NamedNode(node) => node.clone().into(),
            Term::BlankNode(node) => node.clone().into(),
            other => unreachable!("{other} was read as a subject or a graph"),
        }
    }

    fn named_node(&self, id: u32) -> NamedNode {
        match &self.terms[id as usize] {
            Term::NamedNode(node) => node.clone(),
            other => unreachable!("{other} was read as a predicate"),
        }
    }

    fn id(&self, term: &Term) -> Option<u32> {
        let hash = self.hasher.hash_one(term);
        self.ids
            .find(hash, |&id| self.terms[id as usize] == *term)
            .copied()
    }

    /// The quads matching the bound parts, from the index that reads the fewest.
    fn scan(self: &Arc<Self>, bound: [Option<u32>; 4]) -> Scan {
        let count = self.terms.len();
        if bound
            .iter()
            .flatten()
            .any(|&id| id >= count as u32 && id != DEFAULT_GRAPH)
        {
            // a term the store does not hold matches nothing
            return Scan::empty(self);
        }
        // the indexes whose keys begin with the most bound parts; when one begins with all of
        // them, its range is exactly the matches, else the smallest range of those is read
        let bound_parts = bound.iter().flatten().count();
        let prefix_length = |parts: &[usize; 4]| {
            parts
                .iter()
                .take_while(|&&part| bound[part].is_some())
                .count()
        };
        // without a graph, only the indexes ending with the graph keep a triple's copies
        // together, so that the union states each triple once
        let usable = |order: usize| order != GSPO || bound[3].is_some();
        let longest = (0..ORDERS.len())
            .filter(|&order| usable(order))
            .map(|order| prefix_length(&ORDERS[order]))
            .max()
            .unwrap_or(0);
        let mut best: Option<(usize, usize, usize)> = None;
        for (order, parts) in ORDERS.iter().enumerate() {
            if !usable(order) || prefix_length(parts) != longest {
                continue;
            }
            let mut prefix = [0; 4];
            for (slot, &part) in parts.iter().take(longest).enumerate() {
                prefix[slot] = bound[part].unwrap_or_default();
            }
            let (start, end) = self.span(order, &prefix[..longest]);
            if best.is_none_or(|(_, s, e)| end - start < e - s) {
                best = Some((order, start, end));
            }
            if longest == bound_parts {
                break;
            }
        }
        let (order, start, end) = best.unwrap_or((0, 0, 0));
        Scan {
            store: Arc::clone(self),
            order,
            position: start,
            end,
            bound,
        }
    }
}

/// Where the keys beginning with each term start in a sorted index, and where they end after the
/// last term: `terms + 1` positions.
fn first_term_starts(index: &[u128], terms: usize) -> Vec<u32> {
    let mut starts = Vec::with_capacity(terms + 1);
    let mut position = 0;
    for term in 0..=terms {
        while position < index.len() && ((index[position] >> 96) as usize) < term {
            position += 1;
        }
        starts.push(u32::try_from(position).expect("fewer than 4 billion quads"));
    }
    starts
}

fn pack(parts: [u32; 4]) -> u128 {
    parts
        .iter()
        .fold(0, |packed, &part| (packed << 32) | u128::from(part))
}

fn unpack(key: u128) -> [u32; 4] {
    [
        (key >> 96) as u32,
        (key >> 64) as u32,
        (key >> 32) as u32,
        key as u32,
    ]
}

#[derive(Default)]
struct Builder {
    terms: Vec<Term>,
    ids: HashTable<u32>,
    hasher: FxBuildHasher,
    quads: Vec<[u32; 4]>,
}

impl Builder {
    fn intern(&mut self, term: Term) -> u32 {
        let hash = self.hasher.hash_one(&term);
        let terms = &mut self.terms;
        let hasher = &self.hasher;
        if let Some(&id) = self.ids.find(hash, |&id| terms[id as usize] == term) {
            return id;
        }
        let id = u32::try_from(terms.len())
            .ok()
            .filter(|&id| id < DEFAULT_GRAPH - 1)
            .expect("fewer than 4 billion terms");
        terms.push(term);
        self.ids
            .insert_unique(hash, id, |&id| hasher.hash_one(&terms[id as usize]));
        id
    }

    fn add(&mut self, quad: &Quad) {
        let subject = self.intern(quad.subject.clone().into());
        let predicate = self.intern(quad.predicate.clone().into());
        let object = self.intern(quad.object.clone());
        let graph = match &quad.graph_name {
            GraphName::NamedNode(node) => self.intern(node.clone().into()),
            GraphName::BlankNode(node) => self.intern(node.clone().into()),
            GraphName::DefaultGraph => DEFAULT_GRAPH,
        };
        self.quads.push([subject, predicate, object, graph]);
    }

    fn finish(self) -> ResidentStore {
        let Self {
            terms, mut quads, ..
        } = self;
        // the table of numbers the interning kept is made again for the new numbers
        let (terms, ranks) = renumber_in_order(terms, &mut quads);
        let hasher = FxBuildHasher;
        let mut ids = HashTable::with_capacity(terms.len());
        for (id, term) in terms.iter().enumerate() {
            ids.insert_unique(hasher.hash_one(term), id as u32, |&id| {
                hasher.hash_one(&terms[id as usize])
            });
        }
        quads.sort_unstable();
        quads.dedup();
        let indexes = ORDERS.map(|parts| {
            let mut index: Vec<u128> = quads
                .iter()
                .map(|quad| pack(parts.map(|part| quad[part])))
                .collect();
            index.sort_unstable();
            index
        });
        let mut graphs: Vec<u32> = indexes[GSPO]
            .iter()
            .map(|&key| unpack(key)[0])
            .filter(|&graph| graph != DEFAULT_GRAPH)
            .collect();
        graphs.dedup();
        let starts = indexes
            .each_ref()
            .map(|index| first_term_starts(index, terms.len()));
        ResidentStore {
            terms,
            ids,
            hasher,
            indexes,
            starts,
            graphs,
            ranks,
        }
    }
}

/// Numbers the terms again in the order `ORDER BY` sorts them, and the quads with them: the
/// terms and their ranks in that order.
///
/// The store numbers terms in the order it meets them, which follows the hashes it keys its
/// IRIs by, so the facts of one thing lie anywhere in the indexes from those of its neighbours. In
/// this order a document, its language versions and their paragraphs (whose IRIs extend the
/// document's) are numbered one after the other: a query going from a paragraph to its version
/// and document reads neighbouring keys of the index, and the terms are copied, their strings
/// with them, in that order, so that an answer listing them reads neighbouring memory.
fn renumber_in_order(terms: Vec<Term>, quads: &mut [[u32; 4]]) -> (Vec<Term>, Vec<u32>) {
    let ranks = spareval::order_ranks(&terms);
    let mut order: Vec<u32> =
        (0..u32::try_from(terms.len()).expect("fewer than 4 billion terms")).collect();
    order.sort_unstable_by_key(|&id| (ranks[id as usize], id));
    let mut renumbered = vec![0; terms.len()];
    for (new, &old) in order.iter().enumerate() {
        renumbered[old as usize] = new as u32;
    }
    for quad in quads.iter_mut() {
        for part in quad.iter_mut().filter(|part| **part != DEFAULT_GRAPH) {
            *part = renumbered[*part as usize];
        }
    }
    // cloned rather than moved, so that the strings are allocated in the new order too
    let in_order = order.iter().map(|&id| terms[id as usize].clone()).collect();
    let ranks = order.iter().map(|&id| ranks[id as usize]).collect();
    (in_order, ranks)
}

/// A term as the store keeps it. The store holds a typed literal of a type it knows (a number,
/// a boolean, a date, a duration) as its value and gives it back in canonical form, so that a
/// query's `"+5"^^xsd:integer` or `"05"^^xsd:int` is the store's `5`; the copy holds the
/// canonical forms, and looks a term up as the store would. Spareval reads those types (with
/// the features Oxigraph enables) as the store's encoder does, and writes the same forms.
fn as_stored(term: Term) -> Term {
    match &term {
        Term::Literal(literal)
            if literal.language().is_none()
                && literal.datatype() != xsd::STRING
                && literal
                    .datatype()
                    .as_str()
                    .starts_with("http://www.w3.org/2001/XMLSchema#") =>
        {
            ExpressionTerm::from(term).into()
        }
        _ => term,
    }
}

/// One evaluation's view of a [`ResidentStore`]: the terms a query makes (a `BIND`, a constant
/// the store lacks) are numbered after the store's own, for this evaluation only.
pub struct ResidentDataset {
    store: Arc<ResidentStore>,
    /// Shared with the [`Table`] the evaluation fills, which reads the terms the query made.
    fresh: Rc<RefCell<Fresh>>,
    /// The numbers of the numbers and booleans the evaluation computed
    /// ([`QueryableDataset::internalize_expression_term`]).
    computed: RefCell<FxHashMap<ExpressionTerm, u32>>,
}

/// The terms one evaluation made, numbered after the store's, and their numbers.
type Fresh = (Vec<Term>, FxHashMap<Term, u32>);

impl QueryableDataset<'static> for ResidentDataset {
    type InternalTerm = u32;
    type Error = Infallible;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&u32>,
        predicate: Option<&u32>,
        object: Option<&u32>,
        graph_name: Option<Option<&u32>>,
    ) -> impl Iterator<Item = Result<InternalQuad<u32>, Infallible>> + use<> {
        let graph = graph_name.map(|graph| graph.copied().unwrap_or(DEFAULT_GRAPH));
        self.store
            .scan([subject.copied(), predicate.copied(), object.copied(), graph])
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<u32, Infallible>> + use<> {
        let store = Arc::clone(&self.store);
        (0..store.graphs.len()).map(move |i| Ok(store.graphs[i]))
    }

    fn contains_internal_graph_name(&self, graph_name: &u32) -> Result<bool, Infallible> {
        Ok(self.store.graphs.binary_search(graph_name).is_ok())
    }

    fn internalize_term(&self, term: Term) -> Result<u32, Infallible> {
        let term = as_stored(term);
        if let Some(id) = self.store.id(&term) {
            return Ok(id);
        }
        let mut fresh = self.fresh.borrow_mut();
        let (terms, ids) = &mut *fresh;
        if let Some(&id) = ids.get(&term) {
            return Ok(id);
        }
        let id = u32::try_from(self.store.terms.len() + terms.len())
            .ok()
            .filter(|&id| id < DEFAULT_GRAPH)
            .expect("fewer than 4 billion terms");
        terms.push(term.clone());
        ids.insert(term, id);
        Ok(id)
    }

    /// The terms are held built ([`ResidentStore::terms`]): the evaluator keeping its own copies
    /// of those it reads would only clone them twice.
    fn keeps_built_terms(&self) -> bool {
        false
    }

    /// A term the evaluation made has none: it is numbered after the store's terms.
    fn order_rank(&self, term: &u32) -> Option<u32> {
        self.store.ranks.get(*term as usize).copied()
    }

    fn internal_term_has_language(&self, term: &u32, language: &str) -> Option<Option<bool>> {
        // the terms a query made are rare in a filter; they are built as before
        Some(match self.store.terms.get(*term as usize)? {
            Term::Literal(literal) => Some(literal.language().unwrap_or_default() == language),
            _ => None,
        })
    }

    /// Read from the copy's term, not from a copy of it: a number is parsed where it is held.
    fn externalize_expression_term(&self, term: u32) -> Result<ExpressionTerm, Infallible> {
        Ok(match self.store.terms.get(term as usize) {
            Some(known) => known.as_ref().into(),
            None => self.externalize_term(term)?.into(),
        })
    }

    /// A computed number or boolean (a sum of counts in each row) is numbered once per
    /// evaluation: finding it again would build its term and hash it each time. Other kinds are
    /// left out: equal dates in two time zones are one value but two terms.
    fn internalize_expression_term(&self, term: ExpressionTerm) -> Result<u32, Infallible> {
        let worth_keeping = matches!(
            term,
            ExpressionTerm::IntegerLiteral(_) | ExpressionTerm::BooleanLiteral(_)
        );
        if !worth_keeping {
            return self.internalize_term(term.into());
        }
        if let Some(&id) = self.computed.borrow().get(&term) {
            return Ok(id);
        }
        let id = self.internalize_term(term.clone().into())?;
        self.computed.borrow_mut().insert(term, id);
        Ok(id)
    }

    fn externalize_term(&self, term: u32) -> Result<Term, Infallible> {
        let index = term as usize;
        Ok(match self.store.terms.get(index) {
            Some(known) => known.clone(),
            None => self.fresh.borrow().0[index - self.store.terms.len()].clone(),
        })
    }
}

impl ResidentDataset {
    /// An empty answer to fill with this evaluation's solutions, as the copy's term numbers.
    pub fn table(&self) -> TableBuilder {
        TableBuilder {
            cells: Vec::new(),
            rows: 0,
            store: Arc::clone(&self.store),
            fresh: Rc::clone(&self.fresh),
        }
    }
}

/// A [`Table`] being filled by an evaluation, which may still make terms.
pub struct TableBuilder {
    cells: Vec<Option<u32>>,
    rows: usize,
    store: Arc<ResidentStore>,
    fresh: Rc<RefCell<Fresh>>,
}

impl TableBuilder {
    /// Adds a row: a value for each variable, in order.
    pub fn push(&mut self, row: &[Option<u32>]) {
        self.cells.extend_from_slice(row);
        self.rows += 1;
    }

    /// How many rows so far.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there is no row yet.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The table of these rows of values of `variables`, with the terms the evaluation made.
    pub fn finish(self, variables: Vec<Variable>) -> Table {
        debug_assert_eq!(self.cells.len(), self.rows * variables.len());
        let made = self.fresh.borrow().0.clone();
        Table {
            variables,
            cells: self.cells,
            rows: self.rows,
            made,
            store: self.store,
        }
    }
}

/// Why a `SELECT` answer could not be kept whole ([`select`]).
#[derive(Debug)]
pub enum TableError {
    /// The evaluation failed, or was cancelled.
    Evaluation(spareval::QueryEvaluationError),
    /// The answer has more rows than the limit.
    TooManyRows,
}

/// Evaluates a prepared `SELECT` query on the copy into a [`Table`] of at most `limit` rows;
/// `None` for another form of query.
pub fn select(
    resident: &Arc<ResidentStore>,
    prepared: spareval::PreparedQuery<'_>,
    limit: usize,
) -> Option<Result<Table, TableError>> {
    let dataset = resident.dataset();
    let mut table = dataset.table();
    let solutions = match prepared.execute_select_internal(dataset)? {
        Ok(solutions) => solutions,
        Err(error) => return Some(Err(TableError::Evaluation(error))),
    };
    for solution in solutions.solutions {
        match solution {
            Ok(row) => table.push(&row),
            Err(error) => return Some(Err(TableError::Evaluation(error))),
        }
        if table.len() > limit {
            return Some(Err(TableError::TooManyRows));
        }
    }
    Some(Ok(table.finish(solutions.variables.to_vec())))
}

/// A `SELECT` answer from the copy, its values kept as the copy's numbers of their terms rather
/// than terms built: writing the answer reads each term where the copy holds it. Built, each
/// value was a string or two copied, then freed once written: a quarter of the time of a
/// 33,000-row answer at 10,000 documents.
pub struct Table {
    variables: Vec<Variable>,
    /// The rows one after the other, a value for each variable.
    cells: Vec<Option<u32>>,
    rows: usize,
    /// The terms the query made, numbered after the store's.
    made: Vec<Term>,
    store: Arc<ResidentStore>,
}

impl Table {
    /// The projected variables.
    pub fn variables(&self) -> &[Variable] {
        &self.variables
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Row `row`'s value of the variable at `column`.
    pub fn get(&self, row: usize, column: usize) -> Option<TermRef<'_>> {
        self.cells[row * self.variables.len() + column].map(|id| self.term(id))
    }

    /// Row `row`'s bound variables and their values, for a results serializer.
    pub fn row(&self, row: usize) -> impl Iterator<Item = (&Variable, TermRef<'_>)> + '_ {
        (0..self.variables.len()).filter_map(move |column| {
            self.get(row, column)
                .map(|value| (&self.variables[column], value))
        })
    }

    /// Writes the table in SPARQL's TSV results format, byte for byte as `sparesults` writes
    /// it. `sparesults` takes each row as pairs of a variable and a value, finds each value's
    /// column by comparing the variables' names, and copies each string character by
    /// character: at 10,000 documents that was 11 of the 63 ms `resolutions-cited` took on the
    /// copy, and about 6 once written here. The tests compare both writers' output.
    pub fn write_tsv(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut buffer = Vec::with_capacity(1 << 16);
        for (column, variable) in self.variables.iter().enumerate() {
            if column > 0 {
                buffer.push(b'\t');
            }
            buffer.push(b'?');
            buffer.extend_from_slice(variable.as_str().as_bytes());
        }
        buffer.push(b'\n');
        let width = self.variables.len();
        for row in 0..self.rows {
            let cells = &self.cells[row * width..(row + 1) * width];
            for (column, cell) in cells.iter().enumerate() {
                if column > 0 {
                    buffer.push(b'\t');
                }
                if let Some(id) = cell {
                    write_tsv_term(&mut buffer, self.term(*id));
                }
            }
            buffer.push(b'\n');
            if buffer.len() >= 1 << 16 {
                out.write_all(&buffer)?;
                buffer.clear();
            }
        }
        out.write_all(&buffer)
    }

    fn term(&self, id: u32) -> TermRef<'_> {
        let index = id as usize;
        match self.store.terms.get(index) {
            Some(term) => term.as_ref(),
            None => self.made[index - self.store.terms.len()].as_ref(),
        }
    }
}

/// A term as SPARQL's TSV results format writes it: IRIs in angle brackets, literals in Turtle's
/// syntax, numbers and booleans bare when their form is Turtle's.
fn write_tsv_term(out: &mut Vec<u8>, term: TermRef<'_>) {
    match term {
        TermRef::NamedNode(node) => {
            out.push(b'<');
            out.extend_from_slice(node.as_str().as_bytes());
            out.push(b'>');
        }
        TermRef::BlankNode(node) => {
            out.extend_from_slice(b"_:");
            out.extend_from_slice(node.as_str().as_bytes());
        }
        TermRef::Literal(literal) => {
            let value = literal.value();
            if let Some(language) = literal.language() {
                write_tsv_quoted(out, value);
                out.push(b'@');
                out.extend_from_slice(language.as_bytes());
                return;
            }
            let bare = match literal.datatype() {
                xsd::BOOLEAN => matches!(value, "true" | "false"),
                xsd::INTEGER => is_turtle_integer(value),
                xsd::DECIMAL => is_turtle_decimal(value),
                xsd::DOUBLE => is_turtle_double(value),
                _ => false,
            };
            if bare {
                out.extend_from_slice(value.as_bytes());
            } else {
                write_tsv_quoted(out, value);
                if literal.datatype() != xsd::STRING {
                    out.extend_from_slice(b"^^<");
                    out.extend_from_slice(literal.datatype().as_str().as_bytes());
                    out.push(b'>');
                }
            }
        }
    }
}

/// A string in double quotes, with tabs, line breaks, quotes and backslashes escaped; copied
/// whole when it has none, as nearly every label has.
fn write_tsv_quoted(out: &mut Vec<u8>, value: &str) {
    out.push(b'"');
    let bytes = value.as_bytes();
    if !bytes
        .iter()
        .any(|byte| matches!(byte, b'\t' | b'\n' | b'\r' | b'"' | b'\\'))
    {
        out.extend_from_slice(bytes);
    } else {
        for &byte in bytes {
            match byte {
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                _ => out.push(byte),
            }
        }
    }
    out.push(b'"');
}

/// Turtle's INTEGER: `[+-]? [0-9]+`.
fn is_turtle_integer(value: &str) -> bool {
    let digits = unsigned(value.as_bytes());
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

/// Turtle's DECIMAL: `[+-]? [0-9]* '.' [0-9]+`.
fn is_turtle_decimal(value: &str) -> bool {
    let rest = skip_digits(unsigned(value.as_bytes()));
    rest.strip_prefix(b".")
        .is_some_and(|fraction| !fraction.is_empty() && fraction.iter().all(u8::is_ascii_digit))
}

/// Turtle's DOUBLE: digits with a point or not, at least one digit, then an exponent.
fn is_turtle_double(value: &str) -> bool {
    let value = unsigned(value.as_bytes());
    let rest = skip_digits(value);
    let mut digits = rest.len() < value.len();
    let rest = match rest.strip_prefix(b".") {
        Some(fraction) => {
            let after = skip_digits(fraction);
            digits |= after.len() < fraction.len();
            after
        }
        None => rest,
    };
    let Some(exponent) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) else {
        return false;
    };
    let exponent = unsigned(exponent);
    digits && !exponent.is_empty() && exponent.iter().all(u8::is_ascii_digit)
}

fn unsigned(value: &[u8]) -> &[u8] {
    value
        .strip_prefix(b"+")
        .or_else(|| value.strip_prefix(b"-"))
        .unwrap_or(value)
}

fn skip_digits(value: &[u8]) -> &[u8] {
    let digits = value
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    &value[digits..]
}

/// The quads of one pattern: a range of one index, with the bound parts it does not sort by
/// checked quad by quad.
struct Scan {
    store: Arc<ResidentStore>,
    order: usize,
    position: usize,
    end: usize,
    bound: [Option<u32>; 4],
}

impl Scan {
    fn empty(store: &Arc<ResidentStore>) -> Self {
        Self {
            store: Arc::clone(store),
            order: 0,
            position: 0,
            end: 0,
            bound: [None; 4],
        }
    }
}

impl Iterator for Scan {
    type Item = Result<InternalQuad<u32>, Infallible>;

    fn next(&mut self) -> Option<Self::Item> {
        let index = &self.store.indexes[self.order];
        let parts = ORDERS[self.order];
        while self.position < self.end {
            let key = unpack(index[self.position]);
            self.position += 1;
            let mut quad = [0; 4];
            for (slot, &part) in parts.iter().enumerate() {
                quad[part] = key[slot];
            }
            if quad
                .iter()
                .zip(&self.bound)
                .all(|(value, bound)| bound.is_none_or(|b| b == *value))
            {
                return Some(Ok(InternalQuad {
                    subject: quad[0],
                    predicate: quad[1],
                    object: quad[2],
                    graph_name: (quad[3] != DEFAULT_GRAPH).then_some(quad[3]),
                }));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.end - self.position))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    fn iri(path: &str) -> NamedNode {
        NamedNode::new(format!("https://w3id.org/ctockg/id/{path}")).expect("an IRI")
    }

    #[test]
    fn terms_are_numbered_in_the_order_they_sort() {
        let part_of = NamedNode::new("http://purl.org/dc/terms/isPartOf").expect("an IRI");
        let position = NamedNode::new("https://w3id.org/ctockg/ontology#position").expect("an IRI");
        let graph = GraphName::NamedNode(iri("graph/doc-2"));
        // given out of order, with a document of another number between a paragraph and its own
        let quads = [
            Quad::new(
                iri("doc/2/zh/para_1"),
                part_of.clone(),
                iri("doc/2/zh"),
                graph.clone(),
            ),
            Quad::new(
                iri("doc/10/zh"),
                part_of.clone(),
                iri("doc/10"),
                graph.clone(),
            ),
            Quad::new(
                iri("doc/2/zh"),
                part_of.clone(),
                iri("doc/2"),
                graph.clone(),
            ),
            Quad::new(
                iri("doc/2/zh/para_1"),
                position,
                Literal::from(7),
                graph.clone(),
            ),
        ];
        let store = ResidentStore::from_quads(&quads);
        let named: Vec<&str> = store
            .terms
            .iter()
            .filter_map(|term| match term {
                Term::NamedNode(node) => node.as_str().strip_prefix("https://w3id.org/ctockg/id/"),
                _ => None,
            })
            .collect();
        assert_eq!(
            named,
            [
                "doc/10",
                "doc/10/zh",
                "doc/2",
                "doc/2/zh",
                "doc/2/zh/para_1",
                "graph/doc-2"
            ],
            "the IRIs, by number"
        );
        assert!(
            store.ranks.windows(2).all(|pair| pair[0] <= pair[1]),
            "ranks by number: {:?}",
            store.ranks
        );
        // the quads are the same under the new numbers
        let store = Arc::new(store);
        let mut read: Vec<Quad> = store
            .quads_for_pattern(None, None, None, None)
            .map(|quad| quad.expect("read"))
            .collect();
        let mut given = quads.to_vec();
        read.sort_by_key(ToString::to_string);
        given.sort_by_key(ToString::to_string);
        assert_eq!(read, given);
    }
}
