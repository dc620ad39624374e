//! The patched `reactive_graph` (vendor/reactive_graph/PATCHED.md) forgets the readers of a
//! signal once they are gone. Without the patch, every disposed memo or effect that had read a
//! long-lived signal kept its allocation alive; this test counts the heap to prove it doesn't.

#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use leptos::prelude::*;

/// The system allocator, counting the bytes that are live.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A short-lived reader of `signal`, as a table row or a dialog is: made, run, dropped.
fn read_once(signal: &ArcRwSignal<u64>) {
    let source = signal.clone();
    // Tracked inside the memo (it subscribes to the signal); read untracked from outside, as
    // there is no reactive context here (a tracked read would only print a warning).
    let reader = ArcMemo::new(move |_| source.get() + 1);
    assert_eq!(reader.get_untracked(), signal.get_untracked() + 1);
}

#[test]
fn readers_that_are_gone_leave_nothing_behind() {
    let signal = ArcRwSignal::new(1);
    // The subscriber set's own storage settles first.
    for _ in 0..1_000 {
        read_once(&signal);
    }
    let before = LIVE.load(Ordering::Relaxed);
    for _ in 0..20_000 {
        read_once(&signal);
    }
    let grown = LIVE.load(Ordering::Relaxed) - before;
    // Unpatched, each reader left its memo's allocation behind: several megabytes.
    assert!(
        grown < 64 * 1024,
        "20 000 readers that are gone still hold {grown} bytes: is vendor/reactive_graph's patch in place?"
    );
}
