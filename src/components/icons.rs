//! Inline SVG icons. All are decorative (`aria-hidden`): the control around them carries the name.

use leptos::prelude::*;

/// Trash can: revoke.
#[component]
pub fn TrashIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"
                d="M3 6h18M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2m3 0v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6M10 11v6M14 11v6"/>
        </svg>
    }
}

/// Two sheets: copy.
#[component]
pub fn CopyIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <rect x="9" y="9" width="13" height="13" rx="2" fill="none" stroke="currentColor" stroke-width="2"/>
            <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1"/>
        </svg>
    }
}

/// Check mark: done, copied.
#[component]
pub fn CheckIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" d="M20 6 9 17l-5-5"/>
        </svg>
    }
}

/// Plus: create.
#[component]
pub fn PlusIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
            <path fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" d="M12 5v14M5 12h14"/>
        </svg>
    }
}

/// Warning triangle.
#[component]
pub fn WarningIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" d="M12 3 2 21h20L12 3z"/>
            <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M12 10v5M12 18v.01"/>
        </svg>
    }
}

/// Key: the empty state.
#[component]
pub fn KeyIcon() -> impl IntoView {
    view! {
        <svg class="icon icon-large" viewBox="0 0 24 24" width="40" height="40" aria-hidden="true" focusable="false">
            <circle cx="7.5" cy="15.5" r="4.5" fill="none" stroke="currentColor" stroke-width="1.5"/>
            <path fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" d="m10.7 12.3 9.8-9.8M17 6l3 3M14.5 8.5l2 2"/>
        </svg>
    }
}

/// Spinning circle: work in progress.
#[component]
pub fn Spinner() -> impl IntoView {
    view! {
        <svg class="icon spinner" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="3" stroke-opacity="0.25"/>
            <path fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" d="M21 12a9 9 0 0 0-9-9"/>
        </svg>
    }
}

/// Two circling arrows: rotate.
#[component]
pub fn RotateIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"
                d="M21 12a9 9 0 0 1-15.5 6.2M3 12A9 9 0 0 1 18.5 5.8M18.5 2v3.8h-3.8M5.5 22v-3.8h3.8"/>
        </svg>
    }
}

/// An arrow pointing up (ascending) or down: a sorted column.
#[component]
pub fn SortArrow(
    /// Points up.
    #[prop(into)]
    up: Signal<bool>,
) -> impl IntoView {
    view! {
        <svg class="icon sort-arrow" viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
            <path fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"
                d=move || if up.get() { "M12 19V5M5 12l7-7 7 7" } else { "M12 5v14M5 12l7 7 7-7" }/>
        </svg>
    }
}
