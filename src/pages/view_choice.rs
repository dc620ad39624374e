//! The filter and the sort order someone chose: in the URL query when the tab runs standalone
//! (`?q=ci&sort=last_used`, so a link shares them), in memory when it is embedded (the host
//! page's URL is not the tab's to change).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map, use_url};
use leptos_router::NavigateOptions;

use crate::state::key_view::SortOrder;

/// Query names the tab owns.
const QUERY: &str = "q";
const SORT: &str = "sort";
const ORDER: &str = "order";

/// What the table shows: provided as context by the standalone page; absent when embedded.
#[derive(Clone, Copy)]
pub struct ViewChoice {
    /// The filter as typed.
    pub query: Signal<String>,
    /// The order.
    pub order: Signal<SortOrder>,
    set: Callback<(String, SortOrder)>,
}

impl ViewChoice {
    /// Kept in memory only.
    pub fn in_memory() -> Self {
        let query = RwSignal::new(String::new());
        let order = RwSignal::new(SortOrder::default());
        Self {
            query: query.into(),
            order: order.into(),
            set: Callback::new(move |(q, o)| {
                query.set(q);
                order.set(o);
            }),
        }
    }

    /// Kept in the URL query (must run under the router). Changes replace the history entry:
    /// Back leaves the page instead of undoing keystrokes.
    pub fn in_url() -> Self {
        let params = use_query_map();
        let url = use_url();
        let navigate = use_navigate();
        let query = Signal::derive(move || params.with(|p| p.get(QUERY).unwrap_or_default()));
        let order = Signal::derive(move || {
            params.with(|p| SortOrder::from_query(p.get_str(SORT), p.get_str(ORDER)))
        });
        let set = Callback::new(move |(q, o): (String, SortOrder)| {
            let (path, others) = url.with_untracked(|u| {
                let others: Vec<(String, String)> = u
                    .search_params()
                    .latest_values()
                    .filter(|(k, _)| ![QUERY, SORT, ORDER].contains(&k.as_ref()))
                    .map(|(k, v)| (k.to_string(), v.to_owned()))
                    .collect();
                (u.path().to_owned(), others)
            });
            let (sort, order) = o.to_query();
            let ours = [
                (!q.is_empty()).then_some((QUERY, q.as_str())),
                sort.map(|s| (SORT, s)),
                order.map(|d| (ORDER, d)),
            ];
            let pairs: Vec<String> = others
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .chain(ours.into_iter().flatten())
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect();
            let target = if pairs.is_empty() {
                path
            } else {
                format!("{path}?{}", pairs.join("&"))
            };
            navigate(
                &target,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            );
        });
        Self { query, order, set }
    }

    /// The one in context, else one in memory.
    pub fn from_context() -> Self {
        use_context::<Self>().unwrap_or_else(Self::in_memory)
    }

    /// Sets the filter.
    pub fn set_query(&self, query: String) {
        self.set.run((query, self.order.get_untracked()));
    }

    /// Sets the order.
    pub fn set_order(&self, order: SortOrder) {
        self.set.run((self.query.get_untracked(), order));
    }
}

/// Percent-encodes a query component the way the browser does (`encodeURIComponent`).
fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}
