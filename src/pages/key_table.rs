//! The table of keys: label, prefix, created, last used, and the trash button of each row.

use leptos::prelude::*;

use crate::api::wire::ApiKey;
use crate::components::icons::TrashIcon;
use crate::state::time::{exact_at_offset, is_stale, parse_rfc3339, relative};

/// CSS selector of the trash button in the row of key `id` (where focus goes after a revoke).
pub fn revoke_button_selector(id: i64) -> String {
    format!("[data-key-id=\"{id}\"] .revoke-button")
}

/// The exact time in the reader's time zone (as it was on that date), for the tooltip.
fn exact_local(secs: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    // `getTimezoneOffset` counts minutes west of UTC.
    let offset = -(date.get_timezone_offset() as i64);
    exact_at_offset(secs, offset)
}

/// A `<time>` with relative wording, the exact time in `datetime` and in the tooltip.
#[component]
fn Moment(
    /// RFC 3339 timestamp as the API sent it.
    #[prop(into)]
    at: String,
    /// Now, in seconds (moves once a minute).
    now: Signal<i64>,
) -> impl IntoView {
    match parse_rfc3339(&at) {
        Some(secs) => {
            let title = exact_local(secs);
            // A memo: the text node is written only when the wording changes, never the row.
            let wording = Memo::new(move |_| relative(now.get(), secs));
            view! { <time datetime=at title=title>{wording}</time> }.into_any()
        }
        // An unreadable timestamp is shown as sent rather than hidden.
        None => view! { <span>{at}</span> }.into_any(),
    }
}

/// One key.
#[component]
fn KeyRow(
    /// The key.
    key: ApiKey,
    /// Now, in seconds (moves once a minute).
    now: Signal<i64>,
    /// Asks to revoke this key.
    on_revoke: Callback<ApiKey>,
) -> impl IntoView {
    let created = parse_rfc3339(&key.created_at);
    let last_used = key.last_used_at.as_deref().and_then(parse_rfc3339);
    let stale = Memo::new(move |_| created.is_some_and(|c| is_stale(now.get(), c, last_used)));
    let revoke_name = format!("Revoke {}", key.label);
    let row_key = key.clone();
    view! {
        <tr role="row" data-key-id=key.id.to_string()>
            <td role="cell" class="cell-label" data-column="Label">
                <span class="key-label">{key.label.clone()}</span>
                <Show when=move || stale.get()>
                    <span class="badge badge-stale" title="Not used for 90 days or more">
                        "Stale"<span class="visually-hidden">": not used for 90 days or more"</span>
                    </span>
                </Show>
            </td>
            <td role="cell" class="cell-key" data-column="Key"><code class="key-prefix">{key.shown_prefix()}</code></td>
            <td role="cell" class="cell-created" data-column="Created"><Moment at=key.created_at.clone() now=now /></td>
            <td role="cell" class="cell-used" data-column="Last used">
                {match key.last_used_at.clone() {
                    Some(at) => view! { <Moment at=at now=now /> }.into_any(),
                    None => view! { <span class="muted">"Never"</span> }.into_any(),
                }}
            </td>
            <td role="cell" class="cell-actions">
                <button
                    type="button"
                    class="button icon-button revoke-button"
                    aria-label=revoke_name.clone()
                    title=revoke_name
                    on:click=move |_| on_revoke.run(row_key.clone())
                >
                    <TrashIcon />
                </button>
            </td>
        </tr>
    }
}

/// The table; while `loading`, skeleton rows of the final height so nothing jumps.
#[component]
pub fn KeyTable(
    /// Keys to show, newest first.
    keys: Signal<Vec<ApiKey>>,
    /// Show placeholders instead of rows.
    loading: bool,
    /// A row's trash button was pressed.
    on_revoke: Callback<ApiKey>,
    /// Now, in seconds; relative times and the Stale mark follow it.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    view! {
        // Explicit roles: on narrow screens the cells are restyled as blocks, which would
        // otherwise drop the table semantics in some browsers.
        <table role="table" class="keys-table" aria-busy=loading.to_string()>
            <caption class="visually-hidden">"API keys"</caption>
            <thead role="rowgroup">
                <tr role="row">
                    <th role="columnheader" scope="col">"Label"</th>
                    <th role="columnheader" scope="col">"Key"</th>
                    <th role="columnheader" scope="col">"Created"</th>
                    <th role="columnheader" scope="col">"Last used"</th>
                    <th role="columnheader" scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody role="rowgroup">
                {loading.then(|| (0..3).map(|_| view! {
                    <tr class="skeleton-row-tr" aria-hidden="true">
                        <td><span class="skeleton skeleton-text"></span></td>
                        <td><span class="skeleton skeleton-text short"></span></td>
                        <td><span class="skeleton skeleton-text short"></span></td>
                        <td><span class="skeleton skeleton-text short"></span></td>
                        <td><span class="skeleton skeleton-button"></span></td>
                    </tr>
                }).collect_view())}
                <For each=move || keys.get() key=|k| k.id let(key)>
                    <KeyRow key=key now=now on_revoke=on_revoke />
                </For>
            </tbody>
        </table>
        {loading.then(|| view! { <p class="visually-hidden" role="status">"Loading API keys…"</p> })}
    }
}
