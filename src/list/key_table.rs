//! The table of keys: label, prefix, created, last used, and each row's Rotate and trash
//! buttons; the Label, Created and Last used headers sort.

use leptos::prelude::*;

use super::keys_card::disabled_reason;
use crate::api::wire::ApiKey;
use crate::components::connectivity::OFFLINE_REASON_ID;
use crate::components::icons::{RotateIcon, SortArrow, TrashIcon};
use crate::i18n::{t, Locale, Msg, Value};
use crate::state::key_view::{Direction, SortColumn, SortOrder};
use crate::state::listed_keys::ListedKeys;
use crate::state::selection::{AllShown, Selection};
use crate::state::time::{is_stale, parse_rfc3339, relative};

/// Class of each row's "Select <label>" checkbox.
pub const SELECT_KEY_CLASS: &str = "select-key";

/// A row's button whose dialog is on its way (its code being downloaded): `aria-busy` until the
/// dialog opens, which the stylesheet shows as a spinner in place of the icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowButton {
    /// The Rotate button of key `id`.
    Rotate(i64),
    /// The trash button of key `id`.
    Revoke(i64),
}

/// What the rows' buttons do.
#[derive(Clone, Copy)]
pub struct RowActions {
    /// A row's trash button was pressed.
    pub on_revoke: Callback<ApiKey>,
    /// A row's Rotate button was pressed.
    pub on_rotate: Callback<ApiKey>,
    /// Rotate is unavailable (the account is at its key ceiling).
    pub rotate_blocked: Signal<bool>,
    /// The browser is offline: Rotate and Revoke wait.
    pub offline: Signal<bool>,
    /// The button whose dialog is on its way, if any.
    pub opening: Signal<Option<RowButton>>,
    /// The keys selected for a bulk revoke; no checkboxes without it.
    pub selection: Option<Selection>,
}

impl RowActions {
    /// Rows whose buttons do nothing (the loading skeleton has no rows anyway).
    pub fn none() -> Self {
        Self {
            on_revoke: Callback::new(|_| {}),
            on_rotate: Callback::new(|_| {}),
            rotate_blocked: Signal::derive(|| true),
            offline: Signal::stored(false),
            opening: Signal::stored(None),
            selection: None,
        }
    }
}

/// CSS selector of the trash button in the row of key `id` (where focus goes after a revoke).
pub fn revoke_button_selector(id: i64) -> String {
    format!("[data-key-id=\"{id}\"] .revoke-button")
}

/// CSS selector of the Rotate button in the row of key `id`.
pub fn rotate_button_selector(id: i64) -> String {
    format!("[data-key-id=\"{id}\"] .rotate-button")
}

/// A `<time>` with relative wording, the exact time in `datetime` and in the tooltip, or
/// "Never" for no time at all; all of them follow `at` when a fresher answer changes it.
#[component]
fn Moment(
    /// RFC 3339 timestamp as the API sent it; empty for never.
    at: Memo<String>,
    /// Now, in seconds (moves once a minute).
    now: Signal<i64>,
) -> impl IntoView {
    let locale = Locale::from_context();
    move || {
        let at = at.get();
        match parse_rfc3339(&at) {
            Some(secs) => {
                // A memo: the text node is written only when the wording changes, never the
                // row.
                let wording = Memo::new(move |_| {
                    let (value, unit) = relative(now.get(), secs);
                    locale.relative(value, unit)
                });
                let exact = move || locale.exact(secs);
                view! { <time datetime=at title=exact>{wording}</time> }.into_any()
            }
            None if at.is_empty() => {
                view! { <span class="muted">{t(Msg::Never)}</span> }.into_any()
            }
            // An unreadable timestamp is shown as sent rather than hidden.
            None => view! { <span>{at}</span> }.into_any(),
        }
    }
}

/// One key, following its row's signal: when a fresher answer changes the key (a new last
/// use, a new label), each field's memo decides whether what shows it is written again.
#[component]
fn KeyRow(
    /// The key's id.
    id: i64,
    /// The key, set by the list's owner only when its data changes.
    row: ArcReadSignal<ApiKey>,
    /// Now, in seconds (moves once a minute).
    now: Signal<i64>,
    /// What its buttons do.
    actions: RowActions,
) -> impl IntoView {
    let field = |read: fn(&ApiKey) -> String| {
        let row = row.clone();
        Memo::new(move |_| row.with(read))
    };
    let label = field(|k| k.label.clone());
    let locale = Locale::from_context();
    let prefix = field(ApiKey::shown_prefix);
    let created_at = field(|k| k.created_at.clone());
    // Empty: never used.
    let last_used_at = field(|k| k.last_used_at.clone().unwrap_or_default());
    let stale = Memo::new(move |_| {
        let created = created_at.with(|at| parse_rfc3339(at));
        let last_used = last_used_at.with(|at| parse_rfc3339(at));
        created.is_some_and(|c| is_stale(now.get(), c, last_used))
    });
    let select = actions.selection.map(|selection| {
        let checked = Memo::new(move |_| selection.contains(id));
        view! {
            <td role="cell" class="cell-select">
                <input
                    type="checkbox"
                    class=SELECT_KEY_CLASS
                    aria-label=move || locale.format(Msg::SelectKey, &[("label", Value::Text(&label.get()))])
                    prop:checked=checked
                    on:change=move |_| selection.toggle(id)
                />
            </td>
        }
    });
    let named = move |msg| locale.format(msg, &[("label", Value::Text(&label.get()))]);
    let revoke_name = move || named(Msg::RevokeKeyNamed);
    let rotate_name = move || named(Msg::RotateKeyNamed);
    // `data-column` names a cell's column for scripts and tests; `data-heading` is its
    // name in the tab's language ("Created:"), which narrow screens show before the value.
    let heading = move |column: Msg| {
        move || {
            let column = locale.text(column);
            locale.format(
                Msg::ColumnHeadingInline,
                &[("column", Value::Text(&column))],
            )
        }
    };
    let (column_label, column_key) = (heading(Msg::ColumnLabel), heading(Msg::ColumnKey));
    let (column_created, column_last_used) =
        (heading(Msg::ColumnCreated), heading(Msg::ColumnLastUsed));
    let (blocked, offline) = (actions.rotate_blocked, actions.offline);
    let rotate_reason = disabled_reason(blocked, offline);
    let opening = actions.opening;
    // Only a row whose button was pressed follows which dialog is on its way; the others never
    // read it (one signal read by every row made each open notify 400 readers at 200 keys).
    let pressed = RwSignal::new(false);
    let busy = move |button| pressed.get() && opening.get() == Some(button);
    let (rotate, revoke) = (RowButton::Rotate(id), RowButton::Revoke(id));
    // The key as it is now, for the dialog a button opens.
    let rotated = move || row.try_get_untracked();
    let revoked = rotated.clone();
    view! {
        <tr role="row" data-key-id=id.to_string()>
            {select}
            <td role="cell" class="cell-label" data-column="Label" data-heading=column_label>
                <span class="key-label" dir="auto">{label}</span>
                <Show when=move || stale.get()>
                    <span class="badge badge-stale" title=t(Msg::StaleExplained)>
                        {t(Msg::Stale)}<span class="visually-hidden">{t(Msg::StaleSuffix)}</span>
                    </span>
                </Show>
            </td>
            <td role="cell" class="cell-key" data-column="Key" data-heading=column_key><code class="key-prefix" dir="ltr">{prefix}</code></td>
            <td role="cell" class="cell-created" data-column="Created" data-heading=column_created><Moment at=created_at now=now /></td>
            <td role="cell" class="cell-used" data-column="Last used" data-heading=column_last_used><Moment at=last_used_at now=now /></td>
            <td role="cell" class="cell-actions">
                <button
                    type="button"
                    class="button icon-button rotate-button opens-dialog"
                    aria-label=rotate_name
                    title=move || if blocked.get() { locale.text(Msg::RotateBlocked) } else { rotate_name() }
                    disabled=move || blocked.get() || offline.get()
                    aria-describedby=rotate_reason
                    aria-busy=move || busy(rotate).to_string()
                    on:click=move |_| if let Some(key) = rotated() { pressed.set(true); actions.on_rotate.run(key) }
                >
                    <RotateIcon />
                </button>
                <button
                    type="button"
                    class="button icon-button revoke-button opens-dialog"
                    aria-label=revoke_name
                    title=revoke_name
                    disabled=move || offline.get()
                    aria-describedby=move || offline.get().then_some(OFFLINE_REASON_ID)
                    aria-busy=move || busy(revoke).to_string()
                    on:click=move |_| if let Some(key) = revoked() { pressed.set(true); actions.on_revoke.run(key) }
                >
                    <TrashIcon />
                </button>
            </td>
        </tr>
    }
}

/// A column header; a button that sorts when `on_sort` is given.
#[component]
fn SortHeader(
    /// The column.
    column: SortColumn,
    /// Its title.
    title: Msg,
    /// The table's order.
    order: Signal<SortOrder>,
    /// Sorts by `column` (absent while loading).
    on_sort: Option<Callback<SortColumn>>,
) -> impl IntoView {
    let aria_sort = move || {
        let sort = order.get().aria_sort(column);
        (sort != "none").then_some(sort)
    };
    let sorted = move || order.get().column == column;
    let up = Signal::derive(move || order.get().direction == Direction::Ascending);
    view! {
        <th role="columnheader" scope="col" aria-sort=aria_sort data-sortable=on_sort.is_some().then_some("")>
            {match on_sort {
                Some(sort) => view! {
                    <button type="button" class="sort-button" on:click=move |_| sort.run(column)>
                        {t(title)}
                        <span class="sort-mark" class:sorted=sorted><SortArrow up=up /></span>
                    </button>
                }
                .into_any(),
                None => t(title).into_any(),
            }}
        </th>
    }
}

/// "Select all keys": every shown row, or none of them when all were; mixed when some are.
#[component]
fn SelectAll(
    /// The selection.
    selection: Selection,
    /// The ids of the rows shown.
    shown: Signal<Vec<i64>>,
) -> impl IntoView {
    let state = Memo::new(move |_| shown.with(|ids| selection.all_shown(ids)));
    view! {
        <th role="columnheader" scope="col" class="cell-select">
            <input
                type="checkbox"
                class="select-all"
                aria-label=t(Msg::SelectAllKeys)
                prop:checked=move || state.get() == AllShown::All
                prop:indeterminate=move || state.get() == AllShown::Some
                on:change=move |_| shown.with_untracked(|ids| selection.toggle_all_shown(ids))
            />
        </th>
    }
}

/// The table's head: Label, Created and Last used sort when `on_sort` is given.
#[component]
fn TableHead(
    /// The order the keys are in (the sorted header says so).
    order: Signal<SortOrder>,
    /// Sorts by a column; headers are plain text without it.
    on_sort: Option<Callback<SortColumn>>,
    /// "Select all keys" over these rows, with the selection; no checkbox column without it.
    select: Option<(Selection, Signal<Vec<i64>>)>,
) -> impl IntoView {
    view! {
        <caption class="visually-hidden">{t(Msg::ApiKeysTitle)}</caption>
        <thead role="rowgroup">
            <tr role="row">
                {select.map(|(selection, shown)| view! { <SelectAll selection=selection shown=shown /> })}
                <SortHeader column=SortColumn::Label title=Msg::ColumnLabel order=order on_sort=on_sort />
                <th role="columnheader" scope="col">{t(Msg::ColumnKey)}</th>
                <SortHeader column=SortColumn::Created title=Msg::ColumnCreated order=order on_sort=on_sort />
                <SortHeader column=SortColumn::LastUsed title=Msg::ColumnLastUsed order=order on_sort=on_sort />
                <th role="columnheader" scope="col"><span class="visually-hidden">{t(Msg::ColumnActions)}</span></th>
            </tr>
        </thead>
    }
}

/// The table of the shown keys, each row following its data in `keys`.
#[component]
pub fn KeyTable(
    /// The listed keys.
    keys: ListedKeys,
    /// The ids of the keys to show, in the order shown.
    #[prop(into)]
    shown: Signal<Vec<i64>>,
    /// What the rows' buttons do.
    actions: RowActions,
    /// The order the keys are in (the sorted header says so).
    #[prop(into, optional)]
    order: Signal<SortOrder>,
    /// Sorts by a column; headers are plain text without it.
    #[prop(optional, into)]
    on_sort: Option<Callback<SortColumn>>,
    /// Now, in seconds; relative times and the Stale mark follow it.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    view! {
        // Explicit roles: on narrow screens the cells are restyled as blocks, which would
        // otherwise drop the table semantics in some browsers.
        <table role="table" class="keys-table" class:selectable=actions.selection.is_some() aria-busy="false">
            <TableHead order=order on_sort=on_sort select=actions.selection.map(|s| (s, shown)) />
            <tbody role="rowgroup">
                <For each=move || shown.get() key=|id| *id let(id)>
                    {keys.row(id).map(|row| view! { <KeyRow id=id row=row now=now actions=actions /> })}
                </For>
            </tbody>
        </table>
    }
}

/// The table while the first page is on its way: skeleton rows of the final height, so
/// nothing jumps.
#[component]
pub fn KeyTableSkeleton() -> impl IntoView {
    view! {
        <table role="table" class="keys-table" aria-busy="true">
            <TableHead order=Signal::stored(SortOrder::default()) on_sort=None select=None />
            <tbody role="rowgroup">
                {(0..3).map(|_| view! {
                    <tr class="skeleton-row-tr" aria-hidden="true">
                        <td><span class="skeleton skeleton-text"></span></td>
                        <td><span class="skeleton skeleton-text short"></span></td>
                        <td><span class="skeleton skeleton-text short"></span></td>
                        <td><span class="skeleton skeleton-text short"></span></td>
                        <td><span class="skeleton skeleton-button"></span></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p class="visually-hidden" role="status">{t(Msg::LoadingKeys)}</p>
    }
}
