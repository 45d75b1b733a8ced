//! One evaluation's view of the index, as spareval reads a dataset, and the scan of one pattern
//! over an index.

use oxigraph::model::Term;
use rustc_hash::FxHashMap;
use spareval::{ExpressionTerm, InternalQuad, QueryableDataset};
use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;
use std::sync::Arc;

use super::builder::as_stored;
use super::{DEFAULT_GRAPH, GSPO, ORDERS, ResidentStore, unpack};

impl ResidentStore {
    /// A dataset over this copy for one query evaluation.
    pub fn dataset(self: &Arc<Self>) -> ResidentDataset {
        ResidentDataset {
            store: Arc::clone(self),
            fresh: Rc::default(),
            computed: RefCell::default(),
        }
    }

    /// The quads matching the bound parts, from the index that reads the fewest.
    pub(super) fn scan(self: &Arc<Self>, bound: [Option<u32>; 4]) -> Scan {
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

/// One evaluation's view of a [`ResidentStore`]: the terms a query makes (a `BIND`, a constant
/// the store lacks) are numbered after the store's own, for this evaluation only.
pub struct ResidentDataset {
    pub(super) store: Arc<ResidentStore>,
    /// Shared with the [`Table`](super::Table) the evaluation fills, which reads the terms the
    /// query made.
    pub(super) fresh: Rc<RefCell<Fresh>>,
    /// The numbers of the numbers and booleans the evaluation computed
    /// ([`QueryableDataset::internalize_expression_term`]).
    computed: RefCell<FxHashMap<ExpressionTerm, u32>>,
}

/// The terms one evaluation made, numbered after the store's, and their numbers.
pub(super) type Fresh = (Vec<Term>, FxHashMap<Term, u32>);

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

    /// Read from the index's term, not from a copy of it: a number is parsed where it is held.
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

/// The quads of one pattern: a range of one index, with the bound parts it does not sort by
/// checked quad by quad.
pub(super) struct Scan {
    store: Arc<ResidentStore>,
    order: usize,
    position: usize,
    end: usize,
    bound: [Option<u32>; 4],
}

impl Scan {
    pub(super) fn empty(store: &Arc<ResidentStore>) -> Self {
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
