//! A bulk revoke as it runs: one `DELETE` per key, at most [`MAX_IN_FLIGHT`] at a time; a
//! rate-limited key waits what the server asks and is tried again (not a failure); a 404
//! counts as revoked elsewhere; Stop sends no more (those in flight finish). The result is
//! kept key by key.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

use crate::api::wire::ApiKey;
use crate::api::{Client, ErrorKind};
use crate::session::ScopedClient;
use crate::state::bulk_revoke::{rate_limit_wait_ms, BulkResult, Outcome, MAX_IN_FLIGHT};

/// Where a bulk revoke is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkPhase {
    /// Asking for confirmation.
    Confirming,
    /// Sending: `finished` of `total` keys done; `stopping` once Stop was pressed.
    Running {
        /// Keys done (revoked, gone or failed).
        finished: usize,
        /// Keys in this run.
        total: usize,
        /// Stop was pressed: no more requests start.
        stopping: bool,
    },
    /// Ended, with what became of each key.
    Done(BulkResult),
}

/// One run's keys and results, shared by its workers (all on the page's one thread).
struct Run {
    queue: VecDeque<ApiKey>,
    result: BulkResult,
    finished: usize,
    workers_left: usize,
}

/// A bulk revoke: its phase, and Stop.
#[derive(Clone, Copy)]
pub struct BulkRevocation {
    phase: RwSignal<BulkPhase>,
    stopping: StoredValue<bool>,
    client: ScopedClient,
    on_done: Callback<BulkResult>,
}

impl BulkRevocation {
    /// A bulk revoke that hands each run's result to `on_done` when its last request ends.
    pub fn new(on_done: Callback<BulkResult>) -> Self {
        Self {
            phase: RwSignal::new(BulkPhase::Confirming),
            stopping: StoredValue::new(false),
            client: ScopedClient::from_context(),
            on_done,
        }
    }

    /// Where it is (tracked).
    pub fn phase(&self) -> BulkPhase {
        self.phase.get()
    }

    /// Revokes `keys`, unless a run is on its way (no double submit).
    pub fn start(&self, keys: Vec<ApiKey>) {
        let running = self
            .phase
            .with_untracked(|p| matches!(p, BulkPhase::Running { .. }));
        if running || keys.is_empty() {
            return;
        }
        let total = keys.len();
        let workers = MAX_IN_FLIGHT.min(total);
        self.stopping.set_value(false);
        self.phase.set(BulkPhase::Running {
            finished: 0,
            total,
            stopping: false,
        });
        let run = Rc::new(RefCell::new(Run {
            queue: keys.into(),
            result: BulkResult::default(),
            finished: 0,
            workers_left: workers,
        }));
        let client = self.client.now();
        for _ in 0..workers {
            leptos::task::spawn_local(self.worker(Rc::clone(&run), client.clone()));
        }
    }

    /// Sends no more requests; those in flight finish, the rest are reported as not tried.
    pub fn stop(&self) {
        self.stopping.set_value(true);
        self.phase.update(|p| {
            if let BulkPhase::Running { stopping, .. } = p {
                *stopping = true;
            }
        });
    }

    /// Takes keys off the run's queue one at a time until it is empty or Stop was pressed;
    /// the last worker to end reports the run.
    async fn worker(self, run: Rc<RefCell<Run>>, client: Client) {
        loop {
            if self.stopping.try_get_value().unwrap_or(true) {
                break;
            }
            let Some(key) = run.borrow_mut().queue.pop_front() else {
                break;
            };
            let outcome = revoke_one(&client, key.id, self.stopping).await;
            let finished = {
                let mut run = run.borrow_mut();
                match outcome {
                    Some(outcome) => run.result.record(key, outcome),
                    None => run.result.not_tried.push(key),
                }
                run.finished += 1;
                run.finished
            };
            self.phase.try_update(|p| {
                if let BulkPhase::Running { finished: f, .. } = p {
                    *f = finished;
                }
            });
        }
        let last = {
            let mut run = run.borrow_mut();
            run.workers_left -= 1;
            run.workers_left == 0
        };
        if last {
            let result = {
                let mut run = run.borrow_mut();
                let mut result = std::mem::take(&mut run.result);
                result.not_tried.extend(run.queue.drain(..));
                result
            };
            // `try_set` hands the value back only when the dialog is gone (the tab moved on).
            if self
                .phase
                .try_set(BulkPhase::Done(result.clone()))
                .is_none()
            {
                self.on_done.run(result);
            }
        }
    }
}

/// Revokes key `id`, waiting out rate limits; `None` when Stop was pressed during a wait.
async fn revoke_one(client: &Client, id: i64, stopping: StoredValue<bool>) -> Option<Outcome> {
    let mut waits = 0;
    loop {
        // The client itself waits out one short rate limit; a longer or repeated one comes back
        // here and is waited out again.
        match client.revoke_key(id).await {
            Ok(()) => return Some(Outcome::Revoked),
            Err(e) if e.kind == ErrorKind::NotFound => return Some(Outcome::AlreadyGone),
            Err(e) if e.kind == ErrorKind::RateLimited => {
                let Some(ms) = rate_limit_wait_ms(waits, e.retry_after) else {
                    return Some(Outcome::Failed(e));
                };
                waits += 1;
                TimeoutFuture::new(ms).await;
                if stopping.try_get_value().unwrap_or(true) {
                    return None;
                }
            }
            Err(e) => return Some(Outcome::Failed(e)),
        }
    }
}
