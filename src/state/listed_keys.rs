//! The one owner of the account's key list as this tab shows it: the keys, their count, the
//! ceiling and the paging. Every change goes through a named method here, which updates the
//! list and, where it applies, tells the world outside (the host page and the other tabs)
//! exactly once. Nothing else writes the list.
//!
//! Rows follow their data: each row on screen reads a signal of its own key, and after every
//! change only the rows whose key differs are set. What depends on the whole list (which rows
//! match the filter and their order, the count, the paging) reads the list itself.
//!
//! Not a `reactive_stores` store: its keyed store does the same (a store keyed by id, patched
//! field by field), and was tried first, but it added 20 KB gzip to the wasm against 3 KB for
//! this (its keyed patch, key map and field accessors, and the hash maps they bring).

use leptos::prelude::*;

use super::bulk_revoke::BulkResult;
use super::key_list::{at_ceiling, KeyList};
use crate::api::paths::PageAt;
use crate::api::wire::ApiKey;
use crate::api::KeyPage;

/// What the world outside hears of a change made in this tab: the host page (as events) and
/// the other tabs of the account (so their lists follow).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Told {
    /// A key was made here (its row; never the secret).
    Created(ApiKey),
    /// A key was revoked here.
    Revoked(ApiKey),
}

/// A change another tab of the same account made and told this one about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeElsewhere {
    /// A key was made there.
    Created(ApiKey),
    /// Key `id` was revoked there.
    Revoked(i64),
}

/// The signal of each key a row has asked for, with its id. A list, not a hash map: a page
/// shows at most a few hundred rows, and std's hash map would bring its seeded hasher into the
/// wasm.
type Rows = Vec<(i64, ArcRwSignal<ApiKey>)>;

/// The key list's owner. Copy: the views and the features that change the list share one.
#[derive(Clone, Copy)]
pub struct ListedKeys {
    list: RwSignal<KeyList>,
    rows: StoredValue<Rows>,
    ceiling: RwSignal<Option<u32>>,
    tell: Callback<Told>,
}

impl ListedKeys {
    /// The list from its first page, under the account's key `ceiling` (from `/me`); `tell`
    /// carries what changes here to the host page and the other tabs.
    pub fn new(first_page: KeyPage, ceiling: Option<u32>, tell: Callback<Told>) -> Self {
        Self {
            list: RwSignal::new(KeyList::first_page(first_page)),
            rows: StoredValue::new(Vec::new()),
            ceiling: RwSignal::new(ceiling),
            tell,
        }
    }

    // ---- Reading (tracked unless the name says otherwise) ----

    /// Active keys of the account, loaded or not.
    pub fn total(&self) -> u64 {
        self.list.with(KeyList::total)
    }

    /// The key ceiling as `/me` last said it (`None`: unknown).
    pub fn ceiling(&self) -> Option<u32> {
        self.ceiling.get()
    }

    /// Whether the account is at its ceiling (Create key and Rotate wait for a free slot).
    pub fn is_full(&self) -> bool {
        at_ceiling(self.total(), self.ceiling())
    }

    /// Whether a next page exists.
    pub fn has_more(&self) -> bool {
        self.list.with(KeyList::has_more)
    }

    /// Where the next page starts, now (not tracked: asked when a page is requested).
    pub fn next_page_untracked(&self) -> PageAt {
        self.list
            .try_with_untracked(KeyList::next_page)
            .unwrap_or(PageAt::Offset(0))
    }

    /// Whether a next page exists, now (not tracked). A list that is gone (the tab moved to
    /// another account while a page was on its way) has none.
    pub fn has_more_untracked(&self) -> bool {
        self.list.try_with_untracked(KeyList::has_more) == Some(true)
    }

    /// Runs `f` over the loaded keys, newest first. Tracks the whole list: for what depends on
    /// all of it (which rows match the filter, and their order).
    pub fn with_keys<R>(&self, f: impl FnOnce(&[ApiKey]) -> R) -> R {
        self.list.with(|list| f(list.keys()))
    }

    /// Whether key `id` is listed (tracked: an open dialog learns that it left).
    pub fn contains(&self, id: i64) -> bool {
        self.list.with(|list| list.contains(id))
    }

    /// Key `id` for its row: a signal set only when that key's data changes; `None` if the
    /// key is not listed.
    pub fn row(&self, id: i64) -> Option<ArcReadSignal<ApiKey>> {
        let existing = self
            .rows
            .try_with_value(|rows| {
                rows.iter()
                    .find(|(row, _)| *row == id)
                    .map(|(_, row)| row.clone())
            })
            .flatten();
        let row = match existing {
            Some(row) => row,
            None => {
                let key = self
                    .list
                    .try_with_untracked(|list| list.keys().iter().find(|k| k.id == id).cloned())
                    .flatten()?;
                let row = ArcRwSignal::new(key);
                self.rows
                    .try_update_value(|rows| rows.push((id, row.clone())));
                row
            }
        };
        Some(row.read_only())
    }

    // ---- Changing ----

    /// Applies `change` to the list, then brings the rows in line with it. `None` when the
    /// list is gone (an answer that arrived after the tab moved on).
    fn change<R>(&self, change: impl FnOnce(&mut KeyList) -> R) -> Option<R> {
        let out = self.list.try_update(change)?;
        self.follow_rows();
        Some(out)
    }

    /// Each row's signal follows the list: a key that differs is set (its row re-renders what
    /// changed), one that left is let go. (Not generic, so its code is in the wasm once.)
    #[inline(never)]
    fn follow_rows(&self) {
        self.list.with_untracked(|list| {
            self.rows.update_value(|rows| {
                rows.retain(|(id, row)| match list.keys().iter().find(|k| k.id == *id) {
                    Some(key) => {
                        if row.with_untracked(|shown| shown != key) {
                            row.set(key.clone());
                        }
                        true
                    }
                    None => false,
                });
            });
        });
    }

    /// A key was made in this tab (Create key, or a rotation's replacement): listed first,
    /// counted, and told once.
    pub fn created(&self, key: ApiKey) {
        if self.change(|list| list.add_created(key.clone())) == Some(true) {
            self.tell.run(Told::Created(key));
        }
    }

    /// `key` was revoked in this tab: it leaves, and the world is told.
    pub fn revoked(&self, key: &ApiKey) {
        self.change(|list| list.remove(key.id));
        self.tell.run(Told::Revoked(key.clone()));
    }

    /// A revoke here found key `id` already revoked elsewhere (404): it leaves; whoever revoked
    /// it told the world already.
    pub fn revoked_elsewhere(&self, id: i64) {
        self.change(|list| list.remove(id));
    }

    /// A rotation ended with its old key revoked (the replacement was listed when it was made
    /// by [`Self::created`]); `already_gone`: the old key had been revoked elsewhere first.
    pub fn replaced(&self, old: &ApiKey, already_gone: bool) {
        if already_gone {
            self.revoked_elsewhere(old.id);
        } else {
            self.revoked(old);
        }
    }

    /// A bulk revoke ended: the keys it revoked and those it found revoked elsewhere leave in
    /// one change (one re-render however many), and each key revoked here is told once.
    pub fn revoked_in_bulk(&self, result: &BulkResult) {
        if result.gone() == 0 {
            return;
        }
        self.change(|list| {
            for key in result.revoked.iter().chain(&result.already_gone) {
                list.remove(key.id);
            }
        });
        for key in &result.revoked {
            self.tell.run(Told::Revoked(key.clone()));
        }
    }

    /// A further page arrived (Load more, or the pages a filter needs): its keys join the end,
    /// and a key it repeats reads as the page has it now.
    pub fn page_loaded(&self, page: KeyPage) {
        self.change(|list| list.append_page(page));
    }

    /// A fresh first page arrived after a while away: the rows follow in place (a changed
    /// label, a new last use), and keys made or revoked elsewhere join or leave.
    pub fn first_page_revalidated(&self, page: KeyPage) {
        self.change(|list| list.revalidate(page));
    }

    /// A fresh `/me` gave the account's key ceiling (a plan changed meanwhile).
    pub fn ceiling_changed(&self, ceiling: Option<u32>) {
        if self.ceiling.get_untracked() != ceiling {
            self.ceiling.set(ceiling);
        }
    }

    /// Another tab of the account made or revoked a key: the list follows, and nobody is told
    /// (that tab told the host page and the others).
    pub fn changed_elsewhere(&self, change: ChangeElsewhere) {
        match change {
            ChangeElsewhere::Created(key) => {
                self.change(|list| list.add_created(key));
            }
            ChangeElsewhere::Revoked(id) => self.revoked_elsewhere(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::state::key_list::counter_text;

    fn key(id: i64, last_used_at: Option<&str>) -> ApiKey {
        ApiKey {
            id,
            label: format!("Key {id}"),
            key_prefix: format!("lev_sk_{id:04}"),
            created_at: format!("2026-03-20T15:{id:02}:00Z"),
            last_used_at: last_used_at.map(str::to_owned),
        }
    }

    /// A page of keys `ids` (newest first), with `total` and whether more follow.
    fn page(ids: &[i64], total: u64, has_more: bool) -> KeyPage {
        KeyPage {
            keys: ids.iter().map(|&id| key(id, None)).collect(),
            total,
            has_more,
            next_cursor: None,
        }
    }

    /// The owner, and what it told the world.
    fn listed(first: KeyPage, ceiling: Option<u32>) -> (ListedKeys, Arc<Mutex<Vec<Told>>>) {
        let told = Arc::new(Mutex::new(Vec::new()));
        let sink = told.clone();
        let tell = Callback::new(move |t: Told| sink.lock().expect("lock").push(t));
        (ListedKeys::new(first, ceiling, tell), told)
    }

    fn ids(keys: &ListedKeys) -> Vec<i64> {
        keys.with_keys(|k| k.iter().map(|k| k.id).collect())
    }

    fn told(log: &Arc<Mutex<Vec<Told>>>) -> Vec<Told> {
        std::mem::take(&mut *log.lock().expect("lock"))
    }

    /// A memo over `read` that counts how often it ran: a re-render of what reads the same.
    fn counted<T: Clone + PartialEq + Send + Sync + 'static>(
        read: impl Fn() -> T + Send + Sync + 'static,
    ) -> (Memo<T>, Arc<AtomicUsize>) {
        let runs = Arc::new(AtomicUsize::new(0));
        let counter = runs.clone();
        let memo = Memo::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            read()
        });
        memo.get_untracked();
        (memo, runs)
    }

    /// A field of key `id`'s row, read as the row reads it (tracked).
    fn field<T: Default>(keys: ListedKeys, id: i64, read: impl Fn(&ApiKey) -> T) -> T {
        keys.row(id).map(|row| row.with(read)).unwrap_or_default()
    }

    fn runs(counter: &Arc<AtomicUsize>) -> usize {
        counter.load(Ordering::SeqCst)
    }

    #[test]
    fn created_lists_first_counts_and_tells_once() {
        let owner = Owner::new();
        owner.set();
        let (keys, log) = listed(page(&[2, 1], 2, false), Some(3));
        keys.created(key(3, None));
        assert_eq!(ids(&keys), [3, 2, 1]);
        assert_eq!((keys.total(), keys.is_full()), (3, true));
        assert_eq!(
            counter_text(
                &crate::i18n::Locale::english(),
                keys.total(),
                keys.ceiling()
            ),
            "3 of 3 keys"
        );
        assert_eq!(told(&log), [Told::Created(key(3, None))]);
        // The same key again (a retried answer) is neither listed twice nor told twice.
        keys.created(key(3, None));
        assert_eq!((ids(&keys).len(), told(&log).len()), (3, 0));
    }

    #[test]
    fn revoked_here_leaves_and_tells_revoked_elsewhere_only_leaves() {
        let owner = Owner::new();
        owner.set();
        let (keys, log) = listed(page(&[3, 2, 1], 3, false), None);
        keys.revoked(&key(2, None));
        assert_eq!(ids(&keys), [3, 1]);
        assert_eq!(keys.total(), 2);
        assert_eq!(told(&log), [Told::Revoked(key(2, None))]);
        keys.revoked_elsewhere(3);
        assert_eq!((ids(&keys), keys.total()), (vec![1], 1));
        assert!(told(&log).is_empty(), "a 404 is nobody's news");
        assert!(!keys.contains(3));
    }

    #[test]
    fn a_bulk_revoke_removes_in_one_change_and_tells_once_per_key_revoked_here() {
        use crate::state::bulk_revoke::Outcome;
        let owner = Owner::new();
        owner.set();
        let (keys, log) = listed(page(&[5, 4, 3, 2, 1], 5, false), Some(5));
        let (count, count_runs) = counted(move || keys.total());
        let mut result = BulkResult::default();
        result.record(key(4, None), Outcome::Revoked);
        result.record(key(2, None), Outcome::Revoked);
        result.record(key(1, None), Outcome::AlreadyGone);
        result.record(
            key(3, None),
            Outcome::Failed(crate::api::ApiError::from_response(500, "", None, None)),
        );
        keys.revoked_in_bulk(&result);
        assert_eq!(ids(&keys), [5, 3], "the failed key stays");
        assert_eq!(count.get_untracked(), 2);
        assert_eq!(runs(&count_runs), 2, "one change, one re-run");
        assert_eq!(
            told(&log),
            [Told::Revoked(key(4, None)), Told::Revoked(key(2, None))]
        );
        assert!(!keys.is_full());
        // Nothing gone: nothing changes, nobody is told.
        keys.revoked_in_bulk(&BulkResult::default());
        assert_eq!(runs(&count_runs), 2);
        assert!(told(&log).is_empty());
    }

    #[test]
    fn replaced_revokes_the_old_key_and_tells_unless_it_was_gone() {
        let owner = Owner::new();
        owner.set();
        let (keys, log) = listed(page(&[2, 1], 2, false), Some(3));
        keys.created(key(3, None));
        keys.replaced(&key(1, None), false);
        assert_eq!(ids(&keys), [3, 2]);
        assert_eq!(
            told(&log),
            [Told::Created(key(3, None)), Told::Revoked(key(1, None))]
        );
        keys.created(key(4, None));
        keys.replaced(&key(2, None), true);
        assert_eq!(ids(&keys), [4, 3]);
        assert_eq!(told(&log), [Told::Created(key(4, None))]);
        assert_eq!(keys.total(), 2);
    }

    #[test]
    fn pages_load_in_order_and_the_last_one_ends_paging() {
        let owner = Owner::new();
        owner.set();
        let (keys, log) = listed(page(&[5, 4], 5, true), None);
        assert_eq!(keys.next_page_untracked(), PageAt::Offset(2));
        keys.page_loaded(page(&[3, 2], 5, true));
        assert!(keys.has_more());
        let (label_2, label_2_runs) = counted(move || field(keys, 2, |k| k.label.clone()));
        // A key made elsewhere shifted the pages: the next one repeats key 2, relabelled since.
        let mut last = page(&[2, 1], 5, false);
        last.keys[0].label = "Renamed".to_owned();
        keys.page_loaded(last);
        assert_eq!(ids(&keys), [5, 4, 3, 2, 1]);
        assert_eq!(
            label_2.get(),
            "Renamed",
            "a page asked again brings its data"
        );
        assert_eq!(runs(&label_2_runs), 2);
        assert!(!keys.has_more() && !keys.has_more_untracked());
        assert!(told(&log).is_empty(), "loading tells nobody");
    }

    #[test]
    fn another_tabs_changes_follow_and_are_not_told_again() {
        let owner = Owner::new();
        owner.set();
        let (keys, log) = listed(page(&[2, 1], 2, false), Some(10));
        keys.changed_elsewhere(ChangeElsewhere::Created(key(3, None)));
        keys.changed_elsewhere(ChangeElsewhere::Revoked(1));
        assert_eq!(ids(&keys), [3, 2]);
        assert_eq!(
            counter_text(
                &crate::i18n::Locale::english(),
                keys.total(),
                keys.ceiling()
            ),
            "2 of 10 keys"
        );
        assert!(told(&log).is_empty());
    }

    #[test]
    fn a_revalidated_first_page_moves_rows_in_place_and_the_ceiling() {
        let owner = Owner::new();
        owner.set();
        let (keys, log) = listed(page(&[3, 2, 1], 3, false), Some(3));
        assert!(keys.is_full());
        let mut fresh = page(&[4, 3, 2], 3, false);
        fresh.keys[1].last_used_at = Some("2026-12-06T09:00:00Z".to_owned());
        keys.first_page_revalidated(fresh);
        keys.ceiling_changed(Some(12));
        assert_eq!(ids(&keys), [4, 3, 2]);
        assert_eq!(
            field(keys, 3, |k| k.last_used_at.clone()).as_deref(),
            Some("2026-12-06T09:00:00Z")
        );
        assert_eq!((keys.ceiling(), keys.is_full()), (Some(12), false));
        assert!(told(&log).is_empty());
    }

    #[test]
    fn only_the_rows_whose_data_changed_are_notified() {
        let owner = Owner::new();
        owner.set();
        let (keys, _) = listed(page(&[3, 2, 1], 3, false), None);
        let (used_3, used_3_runs) = counted(move || field(keys, 3, |k| k.last_used_at.clone()));
        let (label_3, label_3_runs) = counted(move || field(keys, 3, |k| k.label.clone()));
        let (used_2, used_2_runs) = counted(move || field(keys, 2, |k| k.last_used_at.clone()));
        let (label_1, label_1_runs) = counted(move || field(keys, 1, |k| k.label.clone()));
        let (shown, shown_runs) = counted(move || ids(&keys));
        let before = [&used_3_runs, &label_3_runs, &used_2_runs, &label_1_runs].map(runs);

        // Key 3 was used elsewhere: a quiet reload brings its new last use.
        let mut fresh = page(&[3, 2, 1], 3, false);
        fresh.keys[0].last_used_at = Some("2026-12-06T09:00:00Z".to_owned());
        keys.first_page_revalidated(fresh);
        assert_eq!(used_3.get().as_deref(), Some("2026-12-06T09:00:00Z"));
        assert_eq!(
            runs(&used_3_runs),
            before[0] + 1,
            "the changed cell follows"
        );
        // The row is what follows: its other fields are read again, and unchanged (so what
        // shows them is not written); no other row reads anything.
        assert_eq!(label_3.get(), "Key 3");
        assert_eq!(runs(&label_3_runs), before[1] + 1);
        assert_eq!(used_2.get(), None);
        assert_eq!(label_1.get(), "Key 1");
        assert_eq!(
            [&used_2_runs, &label_1_runs].map(runs),
            [before[2], before[3]],
            "no other row ran again"
        );
        assert_eq!(shown.get(), [3, 2, 1]);
        assert_eq!(
            runs(&shown_runs),
            2,
            "what depends on every row (filter, order) runs once"
        );

        // A key made, another revoked: no remaining row's fields run again.
        let before = [&used_3_runs, &label_3_runs, &used_2_runs, &label_1_runs].map(runs);
        keys.created(key(4, None));
        keys.revoked(&key(2, None));
        assert_eq!(shown.get(), [4, 3, 1]);
        assert_eq!(used_3.get().as_deref(), Some("2026-12-06T09:00:00Z"));
        assert_eq!(label_1.get(), "Key 1");
        assert_eq!(
            [&used_3_runs, &label_3_runs, &label_1_runs].map(runs),
            [before[0], before[1], before[3]],
            "rows stay as they are when others come and go"
        );
        assert!(keys.row(2).is_none(), "a revoked key has no row");
    }
}
