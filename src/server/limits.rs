//! What keeps one client from taking the server: a cap on the queries evaluated at once
//! ([`QuerySlots`]) and a deadline that answers on time and cancels a query still running at
//! its timeout ([`run_until`]).

use oxigraph::sparql::CancellationToken;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::memory::{Budget, SchedulingId};

/// A counting semaphore: at most `capacity` queries are evaluated at once; the others wait
/// for a slot until their deadline.
#[derive(Debug)]
pub struct QuerySlots {
    taken: Mutex<usize>,
    freed: Condvar,
    capacity: usize,
}

/// A taken slot, given back when dropped (it may outlive the request handler, in a streamed
/// body).
#[derive(Debug)]
pub struct Slot(Arc<QuerySlots>);

impl QuerySlots {
    /// `capacity` slots (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            taken: Mutex::new(0),
            freed: Condvar::new(),
            capacity: capacity.max(1),
        }
    }

    /// Takes a slot, waiting until `deadline` at most; `None` when none came free in time.
    pub fn acquire(self: &Arc<Self>, deadline: Instant) -> Option<Slot> {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        while *taken >= self.capacity {
            let left = deadline.checked_duration_since(Instant::now())?;
            taken = self
                .freed
                .wait_timeout(taken, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *taken += 1;
        Some(Slot(Arc::clone(self)))
    }

    /// Slots taken now.
    pub fn in_use(&self) -> usize {
        *self.taken.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut taken = self.0.taken.lock().unwrap_or_else(PoisonError::into_inner);
        *taken = taken.saturating_sub(1);
        self.0.freed.notify_one();
    }
}

/// What came of work run under a deadline.
#[derive(Debug)]
pub enum Outcome<T> {
    /// It finished in time.
    Done(T),
    /// The deadline passed first: the token was cancelled and the work left to stop.
    TimedOut,
    /// The work held more bytes than its budget: the token was cancelled and the work left to
    /// stop.
    OverBudget,
    /// Light work ran past its lane's time and no heavy slot was free: the token was cancelled
    /// and the work left to stop.
    Crowded,
}

/// What light work does when it runs past its lane's time: it takes a slot of the heavy lane
/// (and a heavy query's lower priority) at once, or it is cancelled. A query is classed light
/// by its shape ([`super::sparql::is_light`]); this makes its cost decide: eight clients
/// looping one-pattern queries with a costly `FILTER` took lookups from milliseconds to 8–10 s.
#[derive(Debug, Clone)]
pub struct Promotion {
    /// The light lane's time.
    pub after: Duration,
    /// The heavy lane.
    pub heavy: Arc<QuerySlots>,
}

/// The time a light query may run in its lane: a lookup takes milliseconds.
pub const LIGHT_LANE_TIME: Duration = Duration::from_millis(500);

/// How often the memory a query holds is looked at.
const BUDGET_CHECK: Duration = Duration::from_millis(10);

/// Runs `work` on a thread of its own, which holds `slot` for as long as it runs, and waits for
/// it until `deadline`, looking every 10 ms at the bytes it holds. Light work (`promotion` set)
/// still running after the lane's time takes a heavy slot in place of its own, or is cancelled
/// ([`Outcome::Crowded`]). Past the deadline, or when it
/// holds the most of the running queries and they are over `budget` together, `token` is
/// cancelled (when it alone holds more than the budget, its allocation cancels it at once), and
/// [`Outcome::TimedOut`] or [`Outcome::OverBudget`] is
/// returned at once: Oxigraph checks the token only when it reads from the store, so a query
/// busy in memory (a large cartesian product) may run on for a while, but the client gets its
/// answer on time and the query keeps its slot until it really stops.
pub fn run_until<T: Send + 'static>(
    deadline: Instant,
    budget: &Arc<Budget>,
    slot: Slot,
    mut promotion: Option<Promotion>,
    token: CancellationToken,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<Outcome<T>> {
    let started = Instant::now();
    let (done, result) = mpsc::sync_channel(1);
    let account = budget.open(token.clone());
    let (charged, running) = (account.clone(), Arc::clone(budget));
    // the slot the work holds, which a promotion replaces; given back when the work stops
    let held = Arc::new(Mutex::new(Some(slot)));
    let holding = Arc::clone(&held);
    // the work's thread, as the scheduler knows it (0 until it starts)
    let scheduling = Arc::new(AtomicI64::new(0));
    let scheduled = Arc::clone(&scheduling);
    let spawned = std::thread::Builder::new()
        .name("ctockg query".to_owned())
        .stack_size(super::THREAD_STACK)
        .spawn(move || {
            scheduled.store(SchedulingId::current().0, Ordering::Release);
            let value = charged.charge_while(work);
            running.close(&charged);
            // the receiver is gone when the deadline passed: nobody waits for the result
            let _ = done.send(value);
            // after the answer, which need not wait for it; the slot is held until then
            super::memory::give_back(&charged);
            drop(
                holding
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take(),
            );
        });
    if let Err(error) = spawned {
        budget.close(&account);
        return Err(error);
    }
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match result.recv_timeout(left.min(BUDGET_CHECK)) {
            // cancelled at its cap, the work ends with the evaluator's cancellation error
            Ok(_) if account.passed_its_cap() => return Ok(Outcome::OverBudget),
            Ok(value) => return Ok(Outcome::Done(value)),
            Err(RecvTimeoutError::Timeout) => {
                if account.passed_its_cap() || budget.over(&account) {
                    token.cancel();
                    return Ok(Outcome::OverBudget);
                }
                if left <= BUDGET_CHECK {
                    token.cancel();
                    return Ok(Outcome::TimedOut);
                }
                if let Some(lane) = promotion.take_if(|lane| started.elapsed() >= lane.after) {
                    let Some(heavy) = lane.heavy.acquire(Instant::now()) else {
                        token.cancel();
                        return Ok(Outcome::Crowded);
                    };
                    // the light slot is given back as the heavy one takes its place
                    *held.lock().unwrap_or_else(PoisonError::into_inner) = Some(heavy);
                    let id = scheduling.load(Ordering::Acquire);
                    if id != 0 {
                        SchedulingId(id).yield_to_light_work();
                    }
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(std::io::Error::other(
                    "the query thread stopped without an answer",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_cap_and_free() {
        let slots = Arc::new(QuerySlots::new(2));
        let soon = || Instant::now() + Duration::from_millis(50);
        let a = slots.acquire(soon()).expect("first");
        let _b = slots.acquire(soon()).expect("second");
        assert!(
            slots.acquire(soon()).is_none(),
            "a third waits, then gives up"
        );
        drop(a);
        assert!(slots.acquire(soon()).is_some(), "a freed slot is taken");
    }

    #[test]
    fn slots_wake_a_waiter() {
        let slots = Arc::new(QuerySlots::new(1));
        let held = slots.acquire(Instant::now()).expect("free");
        let waiter = {
            let slots = Arc::clone(&slots);
            std::thread::spawn(move || {
                slots
                    .acquire(Instant::now() + Duration::from_secs(5))
                    .is_some()
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        drop(held);
        assert!(waiter.join().expect("joins"));
    }

    #[test]
    fn work_past_its_deadline_is_cancelled_and_keeps_its_slot() {
        let slots = Arc::new(QuerySlots::new(1));
        let quick = run_until(
            Instant::now() + Duration::from_secs(5),
            &Arc::new(Budget::new(usize::MAX)),
            slots.acquire(Instant::now()).expect("free"),
            None,
            CancellationToken::new(),
            || 42,
        );
        assert!(matches!(quick, Ok(Outcome::Done(42))));

        let token = CancellationToken::new();
        let watched = token.clone();
        let started = Instant::now();
        let slow = run_until(
            Instant::now() + Duration::from_millis(100),
            &Arc::new(Budget::new(usize::MAX)),
            slots
                .acquire(Instant::now() + Duration::from_secs(1))
                .expect("freed"),
            None,
            token,
            move || {
                while !watched.is_cancelled() {
                    std::thread::sleep(Duration::from_millis(5));
                }
                std::thread::sleep(Duration::from_millis(200));
            },
        );
        assert!(matches!(slow, Ok(Outcome::TimedOut)));
        assert!(
            started.elapsed() < Duration::from_millis(250),
            "answered at the deadline"
        );
        assert_eq!(
            slots.in_use(),
            1,
            "the slot stays taken while the work winds down"
        );
        std::thread::sleep(Duration::from_millis(400));
        assert_eq!(slots.in_use(), 0);
    }

    #[test]
    fn work_past_its_budget_is_cancelled() {
        let slots = Arc::new(QuerySlots::new(1));
        let token = CancellationToken::new();
        let watched = token.clone();
        let started = Instant::now();
        let greedy = run_until(
            Instant::now() + Duration::from_secs(5),
            &Arc::new(Budget::new(8 << 20)),
            slots.acquire(Instant::now()).expect("free"),
            None,
            token,
            move || {
                let mut held = Vec::new();
                while !watched.is_cancelled() {
                    held.push(vec![1u8; 1 << 20]);
                    std::thread::sleep(Duration::from_millis(1));
                }
                held.len()
            },
        );
        assert!(matches!(greedy, Ok(Outcome::OverBudget)), "{greedy:?}");
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "cancelled early"
        );
    }

    #[test]
    fn light_work_past_its_lane_takes_a_heavy_slot_or_is_cancelled() {
        let (light, heavy) = (Arc::new(QuerySlots::new(1)), Arc::new(QuerySlots::new(1)));
        let promotion = Promotion {
            after: Duration::from_millis(50),
            heavy: Arc::clone(&heavy),
        };
        let budget = Arc::new(Budget::new(usize::MAX));
        let token = CancellationToken::new();
        let watched = token.clone();
        let (lanes, lanes_seen) = (Arc::clone(&light), Arc::clone(&heavy));
        // work that outlives its lane's time, then reports which slots are taken
        let promoted = run_until(
            Instant::now() + Duration::from_secs(5),
            &budget,
            light.acquire(Instant::now()).expect("free"),
            Some(promotion.clone()),
            token,
            move || {
                std::thread::sleep(Duration::from_millis(200));
                (lanes.in_use(), lanes_seen.in_use(), watched.is_cancelled())
            },
        );
        assert!(
            matches!(promoted, Ok(Outcome::Done((0, 1, false)))),
            "moved to the heavy lane: {promoted:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!((light.in_use(), heavy.in_use()), (0, 0), "both given back");

        // with the heavy lane full, the same work is cancelled at its lane's time
        let taken = heavy.acquire(Instant::now()).expect("free");
        let token = CancellationToken::new();
        let watched = token.clone();
        let started = Instant::now();
        let crowded = run_until(
            Instant::now() + Duration::from_secs(5),
            &budget,
            light.acquire(Instant::now()).expect("free"),
            Some(promotion),
            token,
            move || {
                while !watched.is_cancelled() {
                    std::thread::sleep(Duration::from_millis(5));
                }
            },
        );
        assert!(matches!(crowded, Ok(Outcome::Crowded)), "{crowded:?}");
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "refused at the lane's time"
        );
        drop(taken);
    }
}
