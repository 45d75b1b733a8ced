//! What the server derives from the store (the home page's counts,
//! VoID's counts, and whole responses), cached until the next update.
//!
//! Each of the first three reads the whole store: at 10,000 documents VoID's counts pass over
//! three million quads. Taken per request, sixteen clients asking for the home page at once would
//! each start that pass; cached, the first request pays and the others wait for it and share its
//! result.
//!
//! Responses (entity pages, query results) are cached in a cache bounded in bytes: the store
//! changes only through this server's updates (RocksDB lets no other process open it meanwhile),
//! so an answer stays right until the next update, and a page that counts 200,000 facts is read
//! once, not on every visit.

use std::sync::{Arc, Mutex, PoisonError, RwLock};

use quick_cache::Weighter;
use quick_cache::sync::Cache;

use super::ServerError;
use super::dataset::{Dump, Summary, VoidFacts};
use super::dumps::DumpFile;
use super::negotiate::Format;
use crate::resident::ResidentStore;

/// One value, computed by the first request that needs it while the others wait.
struct Once<T>(Mutex<Option<Arc<T>>>);

impl<T> Default for Once<T> {
    fn default() -> Self {
        Self(Mutex::new(None))
    }
}

impl<T> Once<T> {
    /// The cached value, or the one `compute` makes now (an error is not cached: the next request
    /// tries again).
    fn get(&self, compute: impl FnOnce() -> Result<T, ServerError>) -> Result<Arc<T>, ServerError> {
        // the lock is held while computing, so that concurrent requests wait for one computation
        let mut cached = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(value) = cached.as_ref() {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(compute()?);
        *cached = Some(Arc::clone(&value));
        Ok(value)
    }
}

/// A response cached whole.
#[derive(Debug, Clone)]
pub struct CachedResponse {
    /// Its format.
    pub format: Format,
    /// Its body.
    pub body: Arc<[u8]>,
}

/// A cached response weighs its bytes.
#[derive(Debug, Clone)]
struct Bytes;

impl Weighter<String, CachedResponse> for Bytes {
    fn weight(&self, key: &String, response: &CachedResponse) -> u64 {
        (key.len() + response.body.len()) as u64
    }
}

/// The values derived from one state of the store.
struct State {
    summary: Once<Summary>,
    void: Once<VoidFacts>,
    resident: Once<ResidentStore>,
    dump_nquads: Once<DumpFile>,
    dump_turtle: Once<DumpFile>,
    responses: Option<Cache<String, CachedResponse, Bytes>>,
}

impl State {
    fn new(response_bytes: usize) -> Self {
        Self {
            summary: Once::default(),
            void: Once::default(),
            resident: Once::default(),
            dump_nquads: Once::default(),
            dump_turtle: Once::default(),
            // about 20 KB a page
            responses: (response_bytes > 0).then(|| {
                Cache::with_weighter((response_bytes >> 14).max(16), response_bytes as u64, Bytes)
            }),
        }
    }
}

/// The responses cached for one state of the store: taken when a request starts, so that an
/// answer read before an update is never cached for the state after it.
pub struct Responses {
    state: Arc<State>,
    limit: usize,
}

impl Responses {
    /// The response cached under `key`.
    pub fn get(&self, key: &str) -> Option<CachedResponse> {
        self.state.responses.as_ref()?.get(key)
    }

    /// Keeps a response, unless it would take more than an eighth of the cache.
    pub fn keep(&self, key: String, format: Format, body: &[u8]) {
        if let Some(cache) = &self.state.responses
            && key.len() + body.len() <= self.limit / 8
        {
            let body = Arc::from(body);
            cache.insert(key, CachedResponse { format, body });
        }
    }
}

/// The derived values of the store as it is now; see the module documentation.
pub struct StoreCache {
    now: RwLock<Arc<State>>,
    response_bytes: usize,
}

impl StoreCache {
    /// Keeps responses of up to `response_bytes` bytes in all (none when 0).
    pub fn new(response_bytes: usize) -> Self {
        Self {
            now: RwLock::new(Arc::new(State::new(response_bytes))),
            response_bytes,
        }
    }

    fn now(&self) -> Arc<State> {
        Arc::clone(&self.now.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// The responses cached for the store as it is now.
    pub fn responses(&self) -> Responses {
        Responses {
            state: self.now(),
            limit: self.response_bytes,
        }
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

    /// The copy of the store in memory that queries are evaluated on.
    pub fn resident(
        &self,
        compute: impl FnOnce() -> Result<ResidentStore, ServerError>,
    ) -> Result<Arc<ResidentStore>, ServerError> {
        self.now().resident.get(compute)
    }

    /// A dump, written once for the store as it is now; requests at once share the writing.
    pub fn dump(
        &self,
        which: Dump,
        compute: impl FnOnce() -> Result<DumpFile, ServerError>,
    ) -> Result<Arc<DumpFile>, ServerError> {
        let now = self.now();
        match which {
            Dump::NQuads => now.dump_nquads.get(compute),
            Dump::Turtle => now.dump_turtle.get(compute),
        }
    }

    /// The store changed: everything is derived afresh when next asked for. A computation still
    /// running on the old state finishes into the old state, which nobody reads any more.
    pub fn forget(&self) {
        *self.now.write().unwrap_or_else(PoisonError::into_inner) =
            Arc::new(State::new(self.response_bytes));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn summary(quads: usize) -> Summary {
        Summary {
            quads,
            graphs: Vec::new(),
            classes: Vec::new(),
            meetings: Vec::new(),
        }
    }

    #[test]
    fn computed_once_per_state_and_errors_not_kept() {
        let cached = StoreCache::new(0);
        let runs = AtomicUsize::new(0);
        let list = || {
            runs.fetch_add(1, Ordering::SeqCst);
            Ok(summary(1))
        };
        let failed = cached.summary(|| Err(ServerError::Storage("disk".to_owned())));
        assert!(failed.is_err());
        assert_eq!(cached.summary(list).expect("listed").quads, 1);
        assert_eq!(cached.summary(list).expect("cached").quads, 1);
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "the second request reads the cached list"
        );
        cached.forget();
        cached.summary(list).expect("listed again");
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "an update makes it list again"
        );
    }

    #[test]
    fn concurrent_requests_share_one_computation() {
        let cached = Arc::new(StoreCache::new(0));
        let runs = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (cached, runs) = (Arc::clone(&cached), Arc::clone(&runs));
                std::thread::spawn(move || {
                    cached
                        .summary(|| {
                            runs.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            Ok(summary(0))
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

    #[test]
    fn responses_are_kept_until_an_update_and_within_their_bytes() {
        let cached = StoreCache::new(64 << 10);
        let before = cached.responses();
        before.keep("a".to_owned(), Format::Html, b"page a");
        before.keep("big".to_owned(), Format::Html, &[b'x'; 9 << 10]);
        let found = cached.responses().get("a").expect("cached");
        assert_eq!(
            (found.format, &found.body[..]),
            (Format::Html, &b"page a"[..])
        );
        assert!(
            cached.responses().get("big").is_none(),
            "over an eighth of the cache"
        );
        cached.forget();
        assert!(
            cached.responses().get("a").is_none(),
            "forgotten at the update"
        );
        // an answer read before the update is cached for the state before it, not after
        before.keep("b".to_owned(), Format::Html, b"stale");
        assert!(cached.responses().get("b").is_none());
        let none = StoreCache::new(0);
        none.responses()
            .keep("a".to_owned(), Format::Html, b"page a");
        assert!(none.responses().get("a").is_none(), "no cache at 0 bytes");
    }
}
