//! A memory budget for queries: the bytes a query's thread holds are counted as it allocates
//! them, and when the running queries hold more than the budget together, the server cancels
//! the one holding the most.
//!
//! A timeout alone does not bound memory: a sort over a cross join grew past 4 GB within its ten
//! seconds, and sixteen cross joins at once took the server past 1.2 GB. Oxigraph has no memory
//! limit of its own, so the program's allocator keeps the count. Only a thread that runs a query
//! (inside [`Account::charge_while`]) is counted; every other allocation costs one thread-local
//! read. RocksDB's own memory (its block cache, shared by all queries) is not counted.
//!
//! The allocator under the count is jemalloc, for the whole program: the Rust code and RocksDB's
//! C++ alike (`unprefixed_malloc_on_supported_platforms` makes it the process's `malloc`). A
//! query makes millions of small allocations, and with glibc's allocator they took a quarter of
//! a query's time; with jemalloc, six shipped queries ran in 0.63–0.78 of the time at 10,000
//! documents, and 19 of the 20 with the evaluator's term cache (vendor/README.md) in 0.65
//! (BENCHMARKS.md).
//!
//! The same module makes the server's two other calls to the C library: freed memory given back
//! after a large query ([`give_back`]), and a heavy query's thread at a lower priority
//! ([`yield_to_light_work`]).
//!
//! This is the program's only unsafe code: a global allocator is an unsafe trait, and the C
//! calls are foreign functions. The crates that count allocations either keep global totals or
//! tag every allocation with its owner, which would cost the build a word per allocation; this
//! one counts bytes per thread and adds nothing to an allocation.
#![allow(unsafe_code)]

use oxigraph::sparql::CancellationToken;
use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tikv_jemallocator::Jemalloc;

/// jemalloc, with the bytes of the current thread's query charged to its account. A program
/// declares it as its global allocator (`ctockg`'s `main.rs`, the tests and the benchmarks do):
/// without it, no query's bytes are counted and the budget never cancels one.
pub struct CountingAllocator;

// the library's own unit tests are a program too
#[cfg(test)]
#[global_allocator]
static TEST_ALLOCATOR: CountingAllocator = CountingAllocator;

thread_local! {
    // the account of the query this thread runs, or null, and the bytes not yet added to it;
    // const-initialised and without destructors, so that reading them never allocates
    static CURRENT: Cell<*const Counters> = const { Cell::new(std::ptr::null()) };
    static PENDING: Cell<isize> = const { Cell::new(0) };
}

/// Bytes gathered on the thread before they are added to the shared account, so that an
/// allocation costs a thread-local addition, not an atomic one: a query makes millions.
const BATCH: isize = 256 << 10;

fn charge(bytes: isize) {
    // `try_with`: while a thread is torn down its slots may already be gone
    let _ = CURRENT.try_with(|current| {
        let account = current.get();
        if account.is_null() {
            return;
        }
        let _ = PENDING.try_with(|pending| {
            let gathered = pending.get() + bytes;
            if gathered.abs() < BATCH {
                pending.set(gathered);
                return;
            }
            pending.set(0);
            // SAFETY: the pointer is set only inside `Account::charge_while`, which holds the
            // Arc it points into, and is reset before that returns (or unwinds)
            unsafe { (*account).add(gathered) };
        });
    });
}

/// Adds what the thread gathered to its account.
fn flush() {
    let _ = CURRENT.try_with(|current| {
        let account = current.get();
        let gathered = PENDING.try_with(|pending| pending.replace(0)).unwrap_or(0);
        if !account.is_null() && gathered != 0 {
            // SAFETY: as in `charge`
            unsafe { (*account).add(gathered) };
        }
    });
}

fn signed(bytes: usize) -> isize {
    isize::try_from(bytes).unwrap_or(isize::MAX)
}

// SAFETY: every call is passed to jemalloc unchanged; the counting only reads the sizes
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { Jemalloc.alloc(layout) };
        if !pointer.is_null() {
            charge(signed(layout.size()));
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { Jemalloc.alloc_zeroed(layout) };
        if !pointer.is_null() {
            charge(signed(layout.size()));
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { Jemalloc.dealloc(pointer, layout) };
        charge(-signed(layout.size()));
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { Jemalloc.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            charge(signed(new_size) - signed(layout.size()));
        }
        moved
    }
}

/// A thread as the scheduler knows it (Linux's thread id), so that its priority can be lowered
/// from another thread: a light query that runs past its lane's time becomes a heavy one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchedulingId(pub i64);

impl SchedulingId {
    /// The calling thread's.
    pub fn current() -> Self {
        #[cfg(target_os = "linux")]
        // SAFETY: `gettid` takes nothing and cannot fail
        let id = i64::from(unsafe { libc::gettid() });
        #[cfg(not(target_os = "linux"))]
        let id = 0;
        Self(id)
    }

    /// Lowers the thread's scheduling priority (nice +10), for a heavy query: on two cores,
    /// sixteen cross joins kept the light lane's lookups and the page requests waiting for a
    /// core (a lookup took up to 115 ms). The light lane and the connection threads keep
    /// theirs. Linux gives each thread its own nice value; elsewhere nothing changes.
    pub fn yield_to_light_work(self) {
        #[cfg(target_os = "linux")]
        if let Ok(id) = libc::id_t::try_from(self.0) {
            // SAFETY: `setpriority` on one thread only changes its nice value; a failure (which
            // needs no handling: the thread keeps its priority) is returned, not signalled
            unsafe {
                libc::setpriority(libc::PRIO_PROCESS, id, 10);
            }
        }
    }
}

/// Lowers the calling thread's scheduling priority, as [`SchedulingId::yield_to_light_work`].
pub fn yield_to_light_work() {
    SchedulingId::current().yield_to_light_work();
}

/// A query that held this much gives its freed memory back to the system when it ends.
const TRIM_AFTER: usize = 32 << 20;

/// Gives the memory freed by a query that held at least [`TRIM_AFTER`] back to the system at
/// once. jemalloc returns freed pages on its own only after they have been unused for seconds,
/// and sixteen heavy queries one after another would hold the pages of all of them meanwhile.
pub fn give_back(account: &Account) {
    if account.peak() < TRIM_AFTER {
        return;
    }
    // a failure leaves the pages to jemalloc's own decay
    purge_freed_pages();
}

/// Asks jemalloc to return every arena's unused pages now; false when it refuses.
pub fn purge_freed_pages() -> bool {
    // SAFETY: `arena.<i>.purge` takes no value and returns none; the index 4096
    // (MALLCTL_ARENAS_ALL) names every arena
    unsafe {
        tikv_jemalloc_sys::mallctl(
            c"arena.4096.purge".as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        ) == 0
    }
}

/// The bytes held by the work charged to it: allocated on its thread and not yet freed (freed
/// anywhere else, they stay counted, which errs on the safe side).
#[derive(Debug, Clone, Default)]
pub struct Account(Arc<Counters>);

/// The bytes an account holds, the most it held, and the query to cancel when it holds more
/// than its cap.
struct Counters {
    held: AtomicIsize,
    peak: AtomicIsize,
    cap: isize,
    query: Option<CancellationToken>,
    over: AtomicBool,
}

impl std::fmt::Debug for Counters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Counters")
            .field("held", &self.held)
            .field("peak", &self.peak)
            .field("cap", &self.cap)
            .field("over", &self.over)
            .finish_non_exhaustive()
    }
}

impl Default for Counters {
    fn default() -> Self {
        Self {
            held: AtomicIsize::new(0),
            peak: AtomicIsize::new(0),
            cap: isize::MAX,
            query: None,
            over: AtomicBool::new(false),
        }
    }
}

impl Counters {
    fn add(&self, bytes: isize) {
        let held = self.held.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.peak.fetch_max(held, Ordering::Relaxed);
        // cancelled from the allocation itself, within 256 KiB of the cap: the server looks at
        // the accounts every 10 ms, and a sort can double its buffer in less
        if held > self.cap && !self.over.swap(true, Ordering::Relaxed) {
            if let Some(query) = &self.query {
                // an atomic store: nothing is allocated inside the allocator
                query.cancel();
            }
        }
    }
}

/// The memory all running queries may hold together. One query may use all of it (at 10,000
/// documents a shipped query that counts every citation holds 256 to 512 MB); when they hold
/// more together, the query holding the most is cancelled, so that many heavy queries at once
/// cannot take the server's memory.
#[derive(Debug)]
pub struct Budget {
    limit: usize,
    running: Mutex<Vec<Account>>,
}

impl Budget {
    /// A budget of `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            running: Mutex::new(Vec::new()),
        }
    }

    /// The limit in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// An account for a query starting now, counted until [`Budget::close`]. The query is
    /// cancelled through `query` as soon as it alone holds more than the limit.
    pub fn open(&self, query: CancellationToken) -> Account {
        let account = Account(Arc::new(Counters {
            cap: signed(self.limit),
            query: Some(query),
            ..Counters::default()
        }));
        self.lock().push(account.clone());
        account
    }

    /// The query of `account` has stopped.
    pub fn close(&self, account: &Account) {
        self.lock().retain(|a| !Arc::ptr_eq(&a.0, &account.0));
    }

    /// Whether the query of `account` should be cancelled: the running queries hold more than
    /// the limit together, and it holds the most.
    pub fn over(&self, account: &Account) -> bool {
        let running = self.lock();
        let held: Vec<usize> = running.iter().map(Account::held).collect();
        held.iter().sum::<usize>() > self.limit
            && account.held() >= held.iter().copied().max().unwrap_or(0)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Account>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Account {
    /// Bytes held now, give or take the 256 KiB a running thread gathers before it adds them.
    pub fn held(&self) -> usize {
        usize::try_from(self.0.held.load(Ordering::Relaxed)).unwrap_or(0)
    }

    /// Whether the work held more than its cap at some point (and its query was cancelled).
    pub fn passed_its_cap(&self) -> bool {
        self.0.over.load(Ordering::Relaxed)
    }

    /// The most bytes held at once so far.
    pub fn peak(&self) -> usize {
        usize::try_from(self.0.peak.load(Ordering::Relaxed)).unwrap_or(0)
    }

    /// Runs `work` on this thread with its allocations charged to this account.
    pub fn charge_while<T>(&self, work: impl FnOnce() -> T) -> T {
        struct Restore(*const Counters);
        impl Drop for Restore {
            fn drop(&mut self) {
                flush();
                let _ = CURRENT.try_with(|current| current.set(self.0));
            }
        }
        flush();
        let previous = CURRENT.with(|current| current.replace(Arc::as_ptr(&self.0)));
        let _restore = Restore(previous);
        work()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jemalloc_accepts_the_purge_of_every_arena() {
        // a misspelt mallctl name fails silently in `give_back`; here it fails the test
        let held = vec![7_u8; 64 << 20];
        drop(held);
        assert!(purge_freed_pages(), "jemalloc refused arena.4096.purge");
    }

    #[test]
    fn an_account_counts_what_its_work_holds() {
        let account = Account::default();
        let kept = account.charge_while(|| {
            let kept: Vec<u8> = vec![7; 4 << 20];
            let dropped: Vec<u64> = vec![1; 1 << 20];
            drop(dropped);
            kept
        });
        let held = account.held();
        assert!(
            (4 << 20..(4 << 20) + (64 << 10)).contains(&held),
            "held {held} bytes"
        );
        assert!(
            account.peak() >= held + (8 << 20),
            "the peak counts the freed 8 MB: {}",
            account.peak()
        );
        // outside the account, nothing more is charged
        let more: Vec<u8> = vec![0; 1 << 20];
        assert_eq!(account.held(), held);
        drop((kept, more));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_heavy_query_thread_yields_and_the_others_keep_their_priority() {
        // SAFETY: reading the calling thread's nice value
        let nice =
            || unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) };
        let before = nice();
        let heavy = std::thread::spawn(move || {
            yield_to_light_work();
            nice()
        })
        .join()
        .expect("thread");
        assert_eq!(heavy, (before + 10).min(19), "the heavy thread yields");
        assert_eq!(nice(), before, "the calling thread keeps its priority");
    }

    #[test]
    fn over_the_budget_the_query_holding_most_is_the_one_to_stop() {
        let budget = Budget::new(6 << 20);
        let (small, large) = (
            budget.open(CancellationToken::new()),
            budget.open(CancellationToken::new()),
        );
        let kept_small = small.charge_while(|| vec![0u8; 2 << 20]);
        let kept_large = large.charge_while(|| vec![0u8; 3 << 20]);
        assert!(!budget.over(&small) && !budget.over(&large), "5 MB of 6");
        let more = large.charge_while(|| vec![0u8; 2 << 20]);
        assert!(budget.over(&large), "7 MB of 6: the larger stops");
        assert!(!budget.over(&small), "the smaller runs on");
        budget.close(&large);
        assert!(!budget.over(&small), "closed accounts no longer count");
        drop((kept_small, kept_large, more));
    }

    #[test]
    fn a_query_past_the_limit_alone_is_cancelled_by_its_allocation() {
        let budget = Budget::new(4 << 20);
        let token = CancellationToken::new();
        let account = budget.open(token.clone());
        let kept = account.charge_while(|| vec![0u8; 3 << 20]);
        assert!(
            !token.is_cancelled() && !account.passed_its_cap(),
            "3 MB of 4"
        );
        let more = account.charge_while(|| vec![0u8; 2 << 20]);
        assert!(
            token.is_cancelled() && account.passed_its_cap(),
            "5 MB of 4: cancelled without waiting for the server's look"
        );
        budget.close(&account);
        drop((kept, more));
    }
}
