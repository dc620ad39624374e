//! The standalone page keeps the filter and the order in its URL (`?q=ci&sort=last_used`), so
//! a link shares them, read and written as leptos_router's `ParamsMap`. Changes replace the history
//! entry: Back leaves the page instead of undoing keystrokes.

use std::time::Duration;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::location::Url;
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

use crate::list::ViewChoice;
use crate::state::key_view::SortOrder;

/// How long typing pauses before the filter is written to the URL: one history write per
/// word rather than per keystroke (Safari refuses more than 100 in 30 s).
const SAVE_AFTER: Duration = Duration::from_millis(300);

/// Query names the view choice owns; the page's other parameters are kept as they are.
const QUERY: &str = "q";
const SORT: &str = "sort";
const ORDER: &str = "order";

/// The view choice in the page's query (must run under the router).
pub fn view_choice_in_url() -> ViewChoice {
    let params = use_query_map();
    let location = use_location();
    let (pathname, hash) = (location.pathname, location.hash);
    let navigate = StoredValue::new(use_navigate());
    // Navigating updates the router's query at once, so the list follows in the same turn.
    let write = move |change: &dyn Fn(&mut ParamsMap)| {
        let mut next = params.get_untracked();
        change(&mut next);
        let (path, hash) = (pathname.get_untracked(), hash.get_untracked());
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..NavigateOptions::default()
        };
        let target = format!("{path}{}{hash}", next.to_query_string());
        navigate.with_value(|navigate| navigate(&target, options));
    };
    let in_url = Memo::new(move |_| params.with(|p| p.get(QUERY)));
    // What was typed and is not in the URL yet: the list follows each keystroke, the URL
    // follows once typing pauses. Whatever the URL says next (that write, or Back) wins.
    let typed = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        in_url.track();
        typed.set(None);
    });
    let query = Signal::derive(move || typed.get().or_else(|| in_url.get()).unwrap_or_default());
    let order = Signal::derive(move || {
        params.with(|p| SortOrder::from_query(p.get_str(SORT), p.get_str(ORDER)))
    });
    let write_query = move |text: &str| {
        write(&|p| {
            p.remove(QUERY);
            if !text.is_empty() {
                // `ParamsMap` unescapes what it is given (and escapes it all again when
                // written out), so the text goes in escaped once: a typed `%41` stays `%41`.
                p.replace(QUERY, Url::escape(text));
            }
        })
    };
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
        pending.set_value(set_timeout_with_handle(move || write_query(&text), SAVE_AFTER).ok());
    });
    let set_query = Callback::new(move |text: String| {
        cancel_pending();
        typed.set(Some(text.clone()));
        write_query(&text);
    });
    let set_order = Callback::new(move |next: SortOrder| {
        let (column, direction) = next.to_query();
        write(&|p| {
            p.remove(SORT);
            p.remove(ORDER);
            if let Some(column) = column {
                p.replace(SORT, column.to_owned());
            }
            if let Some(direction) = direction {
                p.replace(ORDER, direction.to_owned());
            }
        });
    });
    ViewChoice::new(query, order, type_query, set_query, set_order)
}
