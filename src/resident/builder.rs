//! Making the index: the store's terms numbered, then numbered again in the order `ORDER BY`
//! sorts them, and the quads sorted into the four indexes.

use hashbrown::HashTable;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Quad, Term};
use oxigraph::store::{StorageError, Store};
use rustc_hash::FxBuildHasher;
use spareval::ExpressionTerm;
use std::hash::BuildHasher;

use super::{DEFAULT_GRAPH, GSPO, ORDERS, ResidentStore, first_term_starts, pack, unpack};

impl ResidentStore {
    /// Copies every quad of `store`, from one snapshot of it. Each distinct term is read from
    /// the store once (`Store::numbered_quads`, vendor/README.md): read once per quad, the index
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
/// query's `"+5"^^xsd:integer` or `"05"^^xsd:int` is the store's `5`; the index holds the
/// canonical forms, and looks a term up as the store would. Spareval reads those types (with
/// the features Oxigraph enables) as the store's encoder does, and writes the same forms.
pub(super) fn as_stored(term: Term) -> Term {
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
