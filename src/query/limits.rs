//! What one request may still do while it runs: a budget of work shared by everything the
//! request computes, and a flag that stops it.
//!
//! The cost model prices a query before it runs, from upper bounds; this counts what really
//! happens. Every list item an answer holds and every node or relation a traversal touches
//! spends from one budget, so however the work is spread (many small lists, sixteen aliased
//! traversals) its total is bounded. The API yields to the runtime as the spent work crosses
//! multiples of [`YIELD_EVERY`], so a request past its deadline stops where it stands. Imports
//! nothing of GraphQL.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Units of work between two yields to the runtime.
pub const YIELD_EVERY: u64 = 128;

/// Why work was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exhausted {
    /// The budget is spent: the answer would be larger than the request may make it.
    Budget(u64),
    /// The request was given up (deadline passed, client gone).
    Stopped,
}

impl std::fmt::Display for Exhausted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exhausted::Budget(limit) => write!(
                f,
                "the query did more than its budget of {limit} units of work (list items and the nodes and relations traversals touch); ask for smaller pages, fewer levels or fewer copies"
            ),
            Exhausted::Stopped => f.write_str("the query was stopped"),
        }
    }
}

/// A request's budget of work.
#[derive(Debug)]
pub struct Work {
    limit: u64,
    used: AtomicU64,
    stopped: AtomicBool,
}

impl Work {
    /// A budget of `limit` units.
    pub fn new(limit: u64) -> Self {
        Work {
            limit,
            used: AtomicU64::new(0),
            stopped: AtomicBool::new(false),
        }
    }

    /// A budget that never runs out (for embedders and tests that set none).
    pub fn unlimited() -> Self {
        Self::new(u64::MAX)
    }

    /// Spends `units`; returns whether the spent total crossed a multiple of
    /// [`YIELD_EVERY`] (time to yield), or why no more may be spent.
    pub fn spend(&self, units: u64) -> Result<bool, Exhausted> {
        if self.stopped.load(Ordering::Relaxed) {
            return Err(Exhausted::Stopped);
        }
        let before = self.used.fetch_add(units, Ordering::Relaxed);
        let after = before.saturating_add(units);
        if after > self.limit {
            return Err(Exhausted::Budget(self.limit));
        }
        Ok(after / YIELD_EVERY != before / YIELD_EVERY)
    }

    /// Units spent so far.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed).min(self.limit)
    }

    /// Whether the budget is spent or the work was stopped.
    pub fn exhausted(&self) -> Option<Exhausted> {
        if self.stopped.load(Ordering::Relaxed) {
            Some(Exhausted::Stopped)
        } else if self.used.load(Ordering::Relaxed) > self.limit {
            Some(Exhausted::Budget(self.limit))
        } else {
            None
        }
    }

    /// Stops all further work (every later [`Work::spend`] fails).
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
    }
}

/// Relations a traversal looks at per unit of work: looking at one (its kind, its date, its
/// direction) is a few dozen times cheaper than resolving an item of an answer.
pub const RELATIONS_PER_UNIT: u32 = 32;

/// Counts what a traversal looks at against a [`Work`] budget, one unit per
/// [`RELATIONS_PER_UNIT`] relations.
pub struct Meter<'w> {
    work: &'w Work,
    pending: std::cell::Cell<u32>,
    out: std::cell::Cell<bool>,
}

impl<'w> Meter<'w> {
    /// A meter spending from `work`.
    pub fn new(work: &'w Work) -> Self {
        Meter {
            work,
            pending: std::cell::Cell::new(0),
            out: std::cell::Cell::new(false),
        }
    }

    /// Counts one relation looked at; `false` once the budget is spent or the work stopped
    /// (the traversal should look no further).
    pub fn look(&self) -> bool {
        if self.out.get() {
            return false;
        }
        let pending = self.pending.get() + 1;
        if pending < RELATIONS_PER_UNIT {
            self.pending.set(pending);
            return true;
        }
        self.pending.set(0);
        let ok = self.work.spend(1).is_ok();
        self.out.set(!ok);
        ok
    }

    /// Why the traversal had to stop looking, if it did.
    pub fn exhausted(&self) -> Option<Exhausted> {
        if self.out.get() {
            self.work.exhausted()
        } else {
            None
        }
    }
}

/// Turns for computations that grow faster than their answers (cooperation networks, whole
/// graph exports), one per core.
pub fn heavy_computations() -> &'static tokio::sync::Semaphore {
    static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    TURNS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        tokio::sync::Semaphore::new(cores)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spending_past_the_limit_is_refused_and_yields_come_every_so_often() {
        let work = Work::new(300);
        let yields = (0..300).filter(|_| work.spend(1) == Ok(true)).count();
        assert_eq!(yields, 2, "at 128 and 256");
        assert_eq!(work.spend(1), Err(Exhausted::Budget(300)));
        assert_eq!(work.exhausted(), Some(Exhausted::Budget(300)));
        assert_eq!(work.used(), 300);
    }

    #[test]
    fn a_meter_spends_one_unit_per_batch_of_relations() {
        let work = Work::new(2);
        let meter = Meter::new(&work);
        let looked = (0..1_000).take_while(|_| meter.look()).count();
        assert_eq!(
            looked,
            2 * RELATIONS_PER_UNIT as usize + RELATIONS_PER_UNIT as usize - 1
        );
        assert_eq!(meter.exhausted(), Some(Exhausted::Budget(2)));
        assert!(!meter.look(), "it stays out");
    }

    #[test]
    fn a_stopped_budget_refuses_everything() {
        let work = Work::unlimited();
        assert_eq!(work.spend(1_000), Ok(true));
        work.stop();
        assert_eq!(work.spend(1), Err(Exhausted::Stopped));
        assert_eq!(work.exhausted(), Some(Exhausted::Stopped));
    }
}
