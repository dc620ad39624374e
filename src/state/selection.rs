//! Which keys are selected for a bulk revoke: the rules, free of the DOM, and the selection's
//! one owner. A selection holds ids, so it survives filter and sort changes (a row hidden by
//! the filter stays selected and counts), and follows the list: a key that leaves it (revoked
//! here or elsewhere) leaves the selection.

use leptos::prelude::*;

/// What the "Select all keys" checkbox shows over the rows shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllShown {
    /// No shown row is selected (or none is shown).
    None,
    /// Some shown rows are selected, not all: the mixed state.
    Some,
    /// Every shown row is selected.
    All,
}

/// Selected key ids, in the order they were selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selected {
    ids: Vec<i64>,
}

impl Selected {
    /// The ids, in the order they were selected.
    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    /// How many keys are selected, shown or not.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether key `id` is selected.
    pub fn contains(&self, id: i64) -> bool {
        self.ids.contains(&id)
    }

    /// Selects key `id`, or unselects it if it was.
    pub fn toggle(&mut self, id: i64) {
        if let Some(at) = self.ids.iter().position(|&s| s == id) {
            self.ids.remove(at);
        } else {
            self.ids.push(id);
        }
    }

    /// What "Select all keys" shows over the `shown` rows.
    pub fn all_shown(&self, shown: &[i64]) -> AllShown {
        let selected = shown.iter().filter(|id| self.contains(**id)).count();
        match selected {
            0 => AllShown::None,
            n if n == shown.len() => AllShown::All,
            _ => AllShown::Some,
        }
    }

    /// A click on "Select all keys": every shown row selected, or, when they all were, none of
    /// them (rows the filter hides keep their state either way).
    pub fn toggle_all_shown(&mut self, shown: &[i64]) {
        if self.all_shown(shown) == AllShown::All {
            self.ids.retain(|id| !shown.contains(id));
        } else {
            for id in shown {
                if !self.contains(*id) {
                    self.ids.push(*id);
                }
            }
        }
    }

    /// Exactly `ids` selected, nothing else.
    pub fn select_exactly(&mut self, ids: impl IntoIterator<Item = i64>) {
        self.ids.clear();
        for id in ids {
            if !self.contains(id) {
                self.ids.push(id);
            }
        }
    }

    /// Keeps only the keys still `listed`; whether any left.
    pub fn keep_listed(&mut self, listed: impl Fn(i64) -> bool) -> bool {
        let before = self.ids.len();
        self.ids.retain(|id| listed(*id));
        self.ids.len() != before
    }
}

/// The selection's owner: every change is one of its methods. Copy: the rows, the header,
/// the bar and the bulk revoke share one.
#[derive(Clone, Copy)]
pub struct Selection {
    selected: RwSignal<Selected>,
}

impl Selection {
    /// Nothing selected.
    pub fn new() -> Self {
        Self {
            selected: RwSignal::new(Selected::default()),
        }
    }

    // ---- Reading (tracked) ----

    /// Whether key `id` is selected (a row reads only its own: a memo over this).
    pub fn contains(&self, id: i64) -> bool {
        self.selected.with(|s| s.contains(id))
    }

    /// How many keys are selected.
    pub fn count(&self) -> usize {
        self.selected.with(Selected::len)
    }

    /// What "Select all keys" shows over `shown`.
    pub fn all_shown(&self, shown: &[i64]) -> AllShown {
        self.selected.with(|s| s.all_shown(shown))
    }

    /// The selected ids, now (not tracked: read when an action starts).
    pub fn ids_untracked(&self) -> Vec<i64> {
        self.selected
            .try_with_untracked(|s| s.ids().to_vec())
            .unwrap_or_default()
    }

    // ---- Changing ----

    /// A row's checkbox.
    pub fn toggle(&self, id: i64) {
        self.selected.update(|s| s.toggle(id));
    }

    /// "Select all keys", over the rows shown.
    pub fn toggle_all_shown(&self, shown: &[i64]) {
        self.selected.update(|s| s.toggle_all_shown(shown));
    }

    /// "Select stale keys": exactly these.
    pub fn select_exactly(&self, ids: Vec<i64>) {
        self.selected.update(|s| s.select_exactly(ids));
    }

    /// "Clear selection".
    pub fn clear(&self) {
        if self.selected.with_untracked(|s| !s.is_empty()) {
            self.selected.set(Selected::default());
        }
    }

    /// The list changed: keys no longer listed leave the selection (written only if any did).
    pub fn follow_list(&self, listed: impl Fn(i64) -> bool) {
        let left = self
            .selected
            .try_with_untracked(|s| s.ids().iter().any(|id| !listed(*id)))
            .unwrap_or(false);
        if left {
            self.selected.update(|s| {
                s.keep_listed(&listed);
            });
        }
    }
}

impl Default for Selection {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selected(ids: &[i64]) -> Selected {
        let mut s = Selected::default();
        s.select_exactly(ids.iter().copied());
        s
    }

    #[test]
    fn a_checkbox_toggles_its_key() {
        let mut s = Selected::default();
        s.toggle(3);
        s.toggle(5);
        assert_eq!(s.ids(), [3, 5]);
        s.toggle(3);
        assert_eq!(s.ids(), [5]);
    }

    #[test]
    fn select_all_covers_the_shown_rows_and_says_mixed_when_some_are() {
        let mut s = Selected::default();
        let shown_by_filter = [2, 4];
        s.toggle_all_shown(&shown_by_filter);
        assert_eq!(s.ids(), [2, 4]);
        assert_eq!(s.all_shown(&shown_by_filter), AllShown::All);
        // The filter cleared: the hidden rows were never selected, so the header is mixed.
        let everything = [1, 2, 3, 4, 5];
        assert_eq!(s.all_shown(&everything), AllShown::Some);
        // A click from mixed selects every shown row; another clears them.
        s.toggle_all_shown(&everything);
        assert_eq!(s.len(), 5);
        s.toggle_all_shown(&everything);
        assert!(s.is_empty());
        assert_eq!(s.all_shown(&[]), AllShown::None);
    }

    #[test]
    fn unselecting_all_shown_keeps_the_hidden_selected() {
        let mut s = selected(&[1, 2, 3]);
        s.toggle_all_shown(&[2, 3]);
        assert_eq!(s.ids(), [1]);
    }

    #[test]
    fn stale_selection_replaces_the_selection() {
        let mut s = selected(&[1, 2]);
        s.select_exactly([7, 8, 7]);
        assert_eq!(s.ids(), [7, 8]);
    }

    #[test]
    fn keys_that_leave_the_list_leave_the_selection() {
        let mut s = selected(&[1, 2, 3]);
        assert!(s.keep_listed(|id| id != 2));
        assert_eq!(s.ids(), [1, 3]);
        assert!(!s.keep_listed(|_| true));
    }

    #[test]
    fn the_owner_follows_the_list_and_writes_only_when_something_left() {
        let owner = Owner::new();
        owner.set();
        let selection = Selection::new();
        selection.select_exactly(vec![1, 2]);
        let runs = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = runs.clone();
        let count = Memo::new(move |_| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            selection.count()
        });
        assert_eq!(count.get_untracked(), 2);
        selection.follow_list(|_| true);
        assert_eq!(count.get_untracked(), 2);
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
        selection.follow_list(|id| id == 1);
        assert_eq!(count.get_untracked(), 1);
        assert_eq!(selection.ids_untracked(), [1]);
        selection.clear();
        assert_eq!(count.get_untracked(), 0);
    }
}
