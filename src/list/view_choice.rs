//! The filter and the sort order someone chose, read by the list and written by its controls.
//! Where they are kept is the page's business: the standalone page keeps them in its URL
//! (`crate::shell`), an embedded tab in memory (the host page's URL is not the tab's to change).

use leptos::prelude::*;

use crate::state::key_view::SortOrder;

/// What the table shows, read directly wherever it is needed: provided as context by the
/// standalone page (its URL) and by the embedded tab (memory).
#[derive(Clone, Copy)]
pub struct ViewChoice {
    /// The filter, as typed the moment it is typed.
    pub query: Signal<String>,
    /// The order.
    pub order: Signal<SortOrder>,
    typed: Callback<String>,
    cleared: Callback<String>,
    sorted: Callback<SortOrder>,
}

impl ViewChoice {
    /// A choice kept by its home: `typed` takes each keystroke (and may keep it for later),
    /// `set_query` a filter set at once, `set_order` a new order.
    pub fn new(
        query: Signal<String>,
        order: Signal<SortOrder>,
        typed: Callback<String>,
        set_query: Callback<String>,
        set_order: Callback<SortOrder>,
    ) -> Self {
        Self {
            query,
            order,
            typed,
            cleared: set_query,
            sorted: set_order,
        }
    }

    /// Kept in memory only.
    pub fn in_memory() -> Self {
        let query = RwSignal::new(String::new());
        let order = RwSignal::new(SortOrder::default());
        let set_query = Callback::new(move |text| query.set(text));
        Self::new(
            query.into(),
            order.into(),
            set_query,
            set_query,
            Callback::new(move |next| order.set(next)),
        )
    }

    /// The choice of the tab being built: the standalone page's URL, or memory in a host
    /// page (provided by each).
    pub fn from_context() -> Self {
        expect_context()
    }

    /// Makes this the choice of everything below.
    pub fn provide(self) {
        provide_context(self);
    }

    /// A keystroke in the filter field.
    pub fn type_query(&self, text: String) {
        self.typed.run(text);
    }

    /// Sets the filter at once (Clear filter).
    pub fn set_query(&self, text: String) {
        self.cleared.run(text);
    }

    /// Sets the order.
    pub fn set_order(&self, order: SortOrder) {
        self.sorted.run(order);
    }
}
