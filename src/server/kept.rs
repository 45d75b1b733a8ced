//! What the server derives from the whole store (the list of published graphs, the home page's
//! counts, VoID's counts), kept until the next update.
//!
//! Each of these reads the whole store: at 10,000 documents VoID's counts pass over three million
//! quads. Taken per request, sixteen clients asking for the home page at once would each start
//! that pass; kept, the first request pays and the others wait for it and share its result.

use std::sync::{Arc, Mutex, PoisonError, RwLock};

use oxigraph::model::NamedNode;

use super::ServerError;
use super::dataset::{Summary, VoidFacts};

/// One value, computed by the first request that needs it while the others wait.
struct Once<T>(Mutex<Option<Arc<T>>>);

impl<T> Default for Once<T> {
    fn default() -> Self {
        Self(Mutex::new(None))
    }
}

impl<T> Once<T> {
    /// The kept value, or the one `compute` makes now (an error is not kept: the next request
    /// tries again).
    fn get(&self, compute: impl FnOnce() -> Result<T, ServerError>) -> Result<Arc<T>, ServerError> {
        // the lock is held while computing, so that concurrent requests wait for one computation
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(value) = kept.as_ref() {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(compute()?);
        *kept = Some(Arc::clone(&value));
        Ok(value)
    }
}

/// The values derived from one state of the store.
#[derive(Default)]
struct State {
    published: Once<Vec<NamedNode>>,
    summary: Once<Summary>,
    void: Once<VoidFacts>,
}

/// The derived values of the store as it is now; see the module documentation.
#[derive(Default)]
pub struct Kept(RwLock<Arc<State>>);

impl Kept {
    fn now(&self) -> Arc<State> {
        Arc::clone(&self.0.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// The published graphs.
    pub fn published(
        &self,
        compute: impl FnOnce() -> Result<Vec<NamedNode>, ServerError>,
    ) -> Result<Arc<Vec<NamedNode>>, ServerError> {
        self.now().published.get(compute)
    }

    /// The home page's counts.
    pub fn summary(
        &self,
        compute: impl FnOnce() -> Result<Summary, ServerError>,
    ) -> Result<Arc<Summary>, ServerError> {
        self.now().summary.get(compute)
    }

    /// VoID's counts.
    pub fn void(
        &self,
        compute: impl FnOnce() -> Result<VoidFacts, ServerError>,
    ) -> Result<Arc<VoidFacts>, ServerError> {
        self.now().void.get(compute)
    }

    /// The store changed: everything is derived afresh when next asked for. A computation still
    /// running on the old state finishes into the old state, which nobody reads any more.
    pub fn forget(&self) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(State::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn computed_once_per_state_and_errors_not_kept() {
        let kept = Kept::default();
        let runs = AtomicUsize::new(0);
        let list = || {
            runs.fetch_add(1, Ordering::SeqCst);
            Ok(vec![NamedNode::new_unchecked("http://example.com/g")])
        };
        let failed = kept.published(|| Err(ServerError::Storage("disk".to_owned())));
        assert!(failed.is_err());
        assert_eq!(kept.published(list).expect("listed").len(), 1);
        assert_eq!(kept.published(list).expect("kept").len(), 1);
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "the second request reads the kept list"
        );
        kept.forget();
        kept.published(list).expect("listed again");
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "an update makes it list again"
        );
    }

    #[test]
    fn concurrent_requests_share_one_computation() {
        let kept = Arc::new(Kept::default());
        let runs = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (kept, runs) = (Arc::clone(&kept), Arc::clone(&runs));
                std::thread::spawn(move || {
                    kept.published(|| {
                        runs.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        Ok(Vec::new())
                    })
                    .expect("listed");
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("thread");
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
