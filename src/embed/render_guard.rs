//! What keeps one failed render from breaking every later one.
//!
//! An exception thrown by the DOM while the tab renders (a host's hostile script, a browser
//! refusing a call) crosses the wasm frames without running a destructor, and a Rust panic
//! aborts the same way: whatever was borrowed or locked at that moment stays so. Left alone,
//! the task that threw would be polled again on its next wake-up and fail on its own stale
//! borrows, and the tab would sit half-drawn with dead buttons.
//!
//! So every task Leptos spawns (renders, resources, actions: they all go through
//! `any_spawner`'s executor) is polled through a JavaScript `try`: a task that throws is set
//! aside for good (never polled or dropped again, since its state is whatever the exception
//! left), the current reactive owner is put back, and the mounted tab it belongs to is told, so
//! it can show its error notice and start afresh on Retry ([`super::mounted_tab`]).
//!
//! Which tab: each mount of the tab is a *generation*; a task belongs to the generation that
//! was running when it was spawned (the mount's first render, or another task of it). A task
//! spawned outside any (from an event handler) belongs to none, and its failure is every tab's.
//! Once a generation failed, its remaining tasks are set aside unpolled: they would only touch
//! what its disposal took away.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll};

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use leptos::prelude::Owner;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Reflect.apply(f, undefined, args)`, what `f` throws coming back as `Err`.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = apply)]
    fn apply_catching(
        f: &mut dyn FnMut(),
        this: &JsValue,
        args: &js_sys::Array,
    ) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// `Reflect.apply`'s empty argument list, made once: every task's every poll passes it.
    static NO_ARGUMENTS: js_sys::Array = js_sys::Array::new();
}

/// Runs `f`; what it throws on the way (a DOM exception, or the trap of a panic) comes back as
/// `Err` instead of unwinding through the caller.
pub fn catching<R>(f: impl FnOnce() -> R) -> Result<R, JsValue> {
    let mut f = Some(f);
    let mut out = None;
    let mut call = || {
        if let Some(f) = f.take() {
            out = Some(f());
        }
    };
    NO_ARGUMENTS.with(|args| apply_catching(&mut call, &JsValue::UNDEFINED, args))?;
    out.ok_or_else(|| JsValue::from_str("the guarded call did not run"))
}

/// A short description of what was thrown: `name: message` for an error.
pub fn describe(thrown: &JsValue) -> String {
    match thrown.dyn_ref::<js_sys::Error>() {
        Some(error) => format!(
            "{}: {}",
            String::from(error.name()),
            String::from(error.message())
        ),
        None => thrown
            .as_string()
            .unwrap_or_else(|| "an exception that is not an Error".to_owned()),
    }
}

/// What a mounted tab does when a render failed: gets the description of what was thrown and
/// the generation it failed in (`None`: unknown, so possibly any).
pub type OnFailure = dyn Fn(&str, Option<u64>);

thread_local! {
    static WATCHERS: RefCell<Vec<Weak<OnFailure>>> = const { RefCell::new(Vec::new()) };
    /// The generation whose code runs now.
    static CURRENT: Cell<Option<u64>> = const { Cell::new(None) };
    /// The last generation handed out.
    static LAST: Cell<u64> = const { Cell::new(0) };
    /// The generations that failed.
    static FAILED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// A new generation, for a mount about to render.
pub fn next_generation() -> u64 {
    LAST.with(|last| {
        last.set(last.get() + 1);
        last.get()
    })
}

/// Runs `f` as code of `generation`: the tasks it spawns belong to it.
pub fn within<R>(generation: Option<u64>, f: impl FnOnce() -> R) -> R {
    let before = CURRENT.with(|c| c.replace(generation));
    let out = f();
    CURRENT.with(|c| c.set(before));
    out
}

/// Sets aside the remaining tasks of `generation`, which failed.
pub fn abandon(generation: u64) {
    FAILED.with_borrow_mut(|f| {
        if !f.contains(&generation) {
            f.push(generation);
        }
    });
}

fn abandoned(generation: Option<u64>) -> bool {
    generation.is_some_and(|g| FAILED.with_borrow(|f| f.contains(&g)))
}

/// Calls `watcher` after every render that failed, for as long as it lives.
pub fn watch(watcher: &Rc<OnFailure>) {
    WATCHERS.with_borrow_mut(|w| {
        w.retain(|w| w.strong_count() > 0);
        w.push(Rc::downgrade(watcher));
    });
}

/// Says in the console that a render failed and what was thrown (for the page's developer:
/// the tab's notice says it to the user).
pub fn log(thrown: &JsValue) {
    web_sys::console::error_2(
        &JsValue::from_str(
            "lev-api-keys: showing the tab failed; it offers Retry. What was thrown:",
        ),
        thrown,
    );
}

/// Logs what failed, then tells every live watcher.
fn report(thrown: &JsValue, generation: Option<u64>) {
    log(thrown);
    if let Some(generation) = generation {
        abandon(generation);
    }
    let description = describe(thrown);
    // Upgraded first: a watcher may remount, and so add a watcher, while it runs.
    let watchers: Vec<Rc<OnFailure>> =
        WATCHERS.with_borrow(|w| w.iter().filter_map(Weak::upgrade).collect());
    for watcher in watchers {
        watcher(&description, generation);
    }
}

/// A task polled through [`catching`], and the generation it belongs to.
struct Guarded {
    task: Option<PinnedLocalFuture<()>>,
    generation: Option<u64>,
}

impl Future for Guarded {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let generation = self.generation;
        if abandoned(generation) {
            // Never polled again, and not dropped either: see `abandon`.
            std::mem::forget(self.task.take());
        }
        let Some(task) = self.task.as_mut() else {
            return Poll::Ready(());
        };
        let owner = Owner::current();
        let polled = within(generation, || catching(|| task.as_mut().poll(cx)));
        match polled {
            Ok(Poll::Ready(())) => {
                self.task = None;
                Poll::Ready(())
            }
            Ok(Poll::Pending) => Poll::Pending,
            Err(thrown) => {
                // Its state is what the exception left (borrows held, locks taken): dropping
                // it could fail the same way, so it is leaked, once.
                std::mem::forget(self.task.take());
                // The owner the failed code had set stays current otherwise.
                match owner {
                    Some(owner) => owner.set(),
                    None => {
                        if let Some(stale) = Owner::current() {
                            stale.unset();
                        }
                    }
                }
                report(&thrown, generation);
                Poll::Ready(())
            }
        }
    }
}

/// Leptos's executor in the browser (wasm-bindgen-futures' microtask queue), every task
/// polled through [`catching`].
struct GuardedExecutor;

impl CustomExecutor for GuardedExecutor {
    fn spawn(&self, task: PinnedFuture<()>) {
        // One thread: a `Send` task runs where the others do.
        self.spawn_local(task);
    }

    fn spawn_local(&self, task: PinnedLocalFuture<()>) {
        wasm_bindgen_futures::spawn_local(Guarded {
            task: Some(task),
            generation: CURRENT.with(Cell::get),
        });
    }

    fn poll_local(&self) {}
}

/// Makes the guarded executor Leptos's, before anything is spawned (Leptos's own
/// `init_wasm_bindgen` at mount then finds one set and leaves it).
pub fn install() {
    // Already set only if `install` ran before: that one is ours.
    let _ = Executor::init_local_custom_executor(GuardedExecutor);
}
