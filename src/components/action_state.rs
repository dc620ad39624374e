//! What every button that sends a request (or downloads a dialog's code) shows: whether its attempt is running, and the last
//! attempt's error, hidden while a new one runs.

use leptos::prelude::*;

/// `action`'s pending state and its last error (hidden while a new attempt runs), made once:
/// each `Action::pending()` call makes a memo that lives as long as its owner.
pub fn pending_and_error<I, T, E>(
    action: Action<I, Result<T, E>>,
) -> (Memo<bool>, Signal<Option<E>>)
where
    I: 'static,
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
{
    let pending = action.pending();
    let error = Signal::derive(move || {
        let last = action.value().get().filter(|_| !pending.get());
        last.and_then(Result::err)
    });
    (pending, error)
}
