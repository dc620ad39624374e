//! The standalone page keeps the filter and the order in its URL (`?q=ci&sort=last_used`), so
//! a link shares them, through leptos_router's query signals. Changes replace the history
//! entry: Back leaves the page instead of undoing keystrokes.

use std::time::Duration;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos_router::hooks::query_signal_with_options;
use leptos_router::location::Url;
use leptos_router::NavigateOptions;

use crate::list::ViewChoice;
use crate::state::key_view::SortOrder;

/// How long typing pauses before the filter is written to the URL: one history write per
/// word rather than per keystroke (Safari refuses more than 100 in 30 s).
const SAVE_AFTER: Duration = Duration::from_millis(300);

/// The view choice in the page's query (must run under the router).
pub fn view_choice_in_url() -> ViewChoice {
    let options = NavigateOptions {
        replace: true,
        scroll: false,
        ..NavigateOptions::default()
    };
    let (q, set_q) = query_signal_with_options::<String>("q", options.clone());
    let (sort, set_sort) = query_signal_with_options::<String>("sort", options.clone());
    let (direction, set_direction) = query_signal_with_options::<String>("order", options);
    // What was typed and is not in the URL yet: the list follows each keystroke, the URL
    // follows once typing pauses. Whatever the URL says next (that write, or Back) wins.
    let typed = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        q.track();
        typed.set(None);
    });
    let query = Signal::derive(move || typed.get().or_else(|| q.get()).unwrap_or_default());
    let order = Signal::derive(move || {
        SortOrder::from_query(sort.read().as_deref(), direction.read().as_deref())
    });
    // The router unescapes what it is given before it escapes the whole query again, so the
    // text goes in escaped once: a typed `%41` stays `%41`.
    let write = move |text: String| set_q.set((!text.is_empty()).then(|| Url::escape(&text)));
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel_pending = move || {
        if let Some(Some(handle)) = pending.try_get_value() {
            handle.clear();
        }
    };
    on_cleanup(cancel_pending);
    let type_query = Callback::new(move |text: String| {
        cancel_pending();
        typed.set(Some(text.clone()));
        pending.set_value(set_timeout_with_handle(move || write(text), SAVE_AFTER).ok());
    });
    let set_query = Callback::new(move |text: String| {
        cancel_pending();
        typed.set(Some(text.clone()));
        write(text);
    });
    let set_order = Callback::new(move |next: SortOrder| {
        let (column, direction) = next.to_query();
        set_sort.set(column.map(str::to_owned));
        set_direction.set(direction.map(str::to_owned));
    });
    ViewChoice::new(query, order, type_query, set_query, set_order)
}
