//! A read-only in-memory index of the whole store, for the endpoint's queries.
//!
//! Oxigraph's evaluator reads the store one pattern at a time, and at 10,000 documents each
//! lookup is a RocksDB seek (3–5 µs) and each term read back a lookup in its string table: the
//! listing queries, which join tens of thousands of rows, spent most of their time there. The
//! server evaluates its queries on this index instead: every term is a number, and the four
//! indexes are sorted arrays searched by bisection. The evaluator is Oxigraph's own (spareval),
//! so the answers are those the store gives, which the tests check query by query. One
//! difference: a pattern with nothing bound (`?s ?p ?o`) reads an index that ends with the
//! graph, so the union gives each triple once, where the store gives it once per graph.
//!
//! The index is made from one snapshot of the store, so it is consistent; the server makes a new
//! one after an update.

use hashbrown::HashTable;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad,
    Term, TermRef,
};
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::convert::Infallible;
use std::hash::BuildHasher;
use std::sync::Arc;

mod builder;
mod dataset;
mod table;

pub use dataset::ResidentDataset;
use dataset::Scan;
pub use table::{Table, TableBuilder, TableError, select};

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
    /// The terms, numbered in the order `ORDER BY` sorts them
    /// ([`renumber_in_order`](builder::renumber_in_order)).
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

/// How much the in-memory index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResidentSize {
    /// Quads, counted once.
    pub quads: usize,
    /// Distinct terms.
    pub terms: usize,
}

impl ResidentStore {
    /// How many quads and terms the index holds.
    pub fn size(&self) -> ResidentSize {
        ResidentSize {
            quads: self.indexes[0].len(),
            terms: self.terms.len(),
        }
    }

    /// The quads matching a pattern, as
    /// [`Store::quads_for_pattern`](oxigraph::store::Store::quads_for_pattern) gives them: with
    /// no graph given, the quads of every graph, a triple once per graph that states it.
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
    /// `object` in any graph, and the first `listed` of them in the index's order. Counted on
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

    /// The distinct predicates of the facts with `subject` as subject, in the index's order.
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
    /// `listed` in the index's order.
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

#[cfg(test)]
mod tests;
