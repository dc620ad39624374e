//! The keys the tab shows: pages appended, a created key put first, a revoked key removed,
//! and the total kept in step so the counter never needs a reload.

use crate::api::paths::PageAt;
use crate::api::wire::ApiKey;
use crate::api::KeyPage;
use crate::i18n::{Locale, Msg, Value};

/// Keys fetched per page.
pub const PAGE_SIZE: u32 = 50;

/// The loaded part of the account's key list: the pure rules. The tab's one owner of it is
/// [`super::listed_keys::ListedKeys`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyList {
    keys: Vec<ApiKey>,
    total: u64,
    has_more: bool,
    next_cursor: Option<String>,
}

impl KeyList {
    /// A list from its first page.
    pub fn first_page(page: KeyPage) -> Self {
        let mut list = Self::default();
        list.append_page(page);
        list
    }

    /// The loaded keys, newest first.
    pub fn keys(&self) -> &[ApiKey] {
        &self.keys
    }

    /// Active keys of the account (loaded or not).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Whether key `id` is in the loaded list (one revoked here or elsewhere is not).
    pub fn contains(&self, id: i64) -> bool {
        keys_contains(&self.keys, id)
    }

    /// Whether a next page exists.
    pub fn has_more(&self) -> bool {
        self.has_more
    }

    /// Where the next page starts: the server's cursor when it gave one (contract: cursor
    /// paging is the default); else the offset. Keys created here sit first and revoked ones
    /// are gone, so the count of loaded keys is exactly where the server's next page starts.
    pub fn next_page(&self) -> PageAt {
        match &self.next_cursor {
            Some(cursor) => PageAt::Cursor(cursor.clone()),
            None => PageAt::Offset(self.keys.len() as u64),
        }
    }

    /// Adds a page. A key already shown (a key created elsewhere meanwhile shifts pages, so a
    /// page may repeat one) stays where it is, as the page has it now.
    pub fn append_page(&mut self, page: KeyPage) {
        for key in page.keys {
            match self.keys.iter_mut().find(|shown| shown.id == key.id) {
                Some(shown) => *shown = key,
                None => self.keys.push(key),
            }
        }
        self.total = page.total.max(self.keys.len() as u64);
        self.has_more = page.has_more;
        self.next_cursor = page.next_cursor;
    }

    /// Brings the list up to date with a fresh first page (a quiet reload, the tab coming back
    /// after a while): keys in it replace their shown selves (a changed label, a new last
    /// use), keys created meanwhile join in order, and keys within its range that it no longer
    /// holds were revoked elsewhere and leave. Keys loaded from later pages stay, and so does
    /// where the next page starts.
    pub fn revalidate(&mut self, page: KeyPage) {
        let order = |k: &ApiKey| (k.created_at.clone(), k.id);
        let oldest_fresh = page.keys.iter().map(order).min();
        let whole_list = !page.has_more;
        // Older than everything on the fresh page: from later pages, still as they were.
        let later: Vec<ApiKey> = match (&oldest_fresh, whole_list) {
            (Some(oldest), false) => self.keys.drain(..).filter(|k| order(k) < *oldest).collect(),
            _ => Vec::new(),
        };
        if later.is_empty() {
            self.has_more = page.has_more;
            self.next_cursor = page.next_cursor;
        }
        let later: Vec<ApiKey> = later
            .into_iter()
            .filter(|k| !keys_contains(&page.keys, k.id))
            .collect();
        let mut keys = page.keys;
        keys.extend(later);
        keys.sort_by_key(|k| std::cmp::Reverse(order(k)));
        self.total = page.total.max(keys.len() as u64);
        self.keys = keys;
        // Keys the fresh total counts but no page shows: offer the next page.
        self.has_more |= self.total > self.keys.len() as u64;
    }

    /// Puts a just-created key first; `false` if it was listed already.
    pub fn add_created(&mut self, key: ApiKey) -> bool {
        if self.contains(key.id) {
            return false;
        }
        self.keys.insert(0, key);
        self.total += 1;
        true
    }

    /// Removes a revoked key; returns its index if it was shown.
    pub fn remove(&mut self, id: i64) -> Option<usize> {
        let index = self.keys.iter().position(|k| k.id == id)?;
        self.keys.remove(index);
        self.total = self.total.saturating_sub(1);
        Some(index)
    }
}

fn keys_contains(keys: &[ApiKey], id: i64) -> bool {
    keys.iter().any(|k| k.id == id)
}

/// The key next to `id` among the `shown` ids (the one after it, else the one before): where
/// attention goes when `id` leaves the list.
pub fn neighbour(shown: &[i64], id: i64) -> Option<i64> {
    let index = shown.iter().position(|&k| k == id)?;
    shown
        .get(index + 1)
        .or_else(|| index.checked_sub(1).and_then(|i| shown.get(i)))
        .copied()
}

/// Whether an account with `total` active keys is at its ceiling (unknown ceiling: never).
pub fn at_ceiling(total: u64, max_allowed: Option<u32>) -> bool {
    max_allowed.is_some_and(|max| total >= u64::from(max))
}

/// "3 of 10 keys", or "3 keys" when the ceiling is unknown.
pub fn counter_text(locale: &Locale, total: u64, max_allowed: Option<u32>) -> String {
    let total = Value::Number(i64::try_from(total).unwrap_or(i64::MAX));
    match max_allowed {
        Some(max) => locale.format(
            Msg::KeysOfMax,
            &[("count", total), ("max", Value::Number(max.into()))],
        ),
        None => locale.format(Msg::KeysCount, &[("count", total)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: i64) -> ApiKey {
        ApiKey {
            id,
            label: format!("Key {id}"),
            key_prefix: "lev_sk_abcd".to_owned(),
            created_at: "2026-03-20T15:30:45Z".to_owned(),
            last_used_at: None,
        }
    }

    fn page(ids: std::ops::RangeInclusive<i64>, total: u64, has_more: bool) -> KeyPage {
        KeyPage {
            keys: ids.map(key).collect(),
            total,
            has_more,
            next_cursor: None,
        }
    }

    #[test]
    fn pages_created_and_revoked_keys_stay_consistent() {
        let mut list = KeyList::first_page(page(1..=50, 60, true));
        assert_eq!(list.next_page(), PageAt::Offset(50));
        list.add_created(key(100));
        assert_eq!((list.total(), list.keys()[0].id), (61, 100));
        assert_eq!(list.next_page(), PageAt::Offset(51));
        // The server's next page may repeat a key already shown: it is not listed twice, and
        // it reads as the page has it now.
        let mut next = page(50..=60, 61, false);
        next.keys[0].last_used_at = Some("2026-12-06T09:00:00Z".to_owned());
        list.append_page(next);
        assert_eq!(list.keys().len(), 61);
        let fifty = list.keys().iter().position(|k| k.id == 50);
        assert_eq!(fifty, Some(50), "where it was");
        assert_eq!(
            list.keys()[50].last_used_at.as_deref(),
            Some("2026-12-06T09:00:00Z")
        );
        assert!(!list.has_more());
        assert_eq!(list.remove(7), Some(7));
        assert_eq!(list.remove(7), None);
        assert_eq!(list.total(), 60);
    }

    #[test]
    fn the_neighbour_of_a_key_is_the_next_else_the_previous() {
        assert_eq!(neighbour(&[1, 2, 3], 1), Some(2));
        assert_eq!(neighbour(&[1, 2, 3], 3), Some(2));
        assert_eq!(neighbour(&[1, 2, 3], 9), None);
        assert_eq!(neighbour(&[1], 1), None);
    }

    #[test]
    fn the_next_page_follows_the_servers_cursor_when_it_gives_one() {
        let mut first = page(1..=50, 60, true);
        first.next_cursor = Some("after-50".to_owned());
        let mut list = KeyList::first_page(first);
        list.add_created(key(100));
        assert_eq!(list.next_page(), PageAt::Cursor("after-50".to_owned()));
        list.append_page(page(51..=60, 61, false));
        assert_eq!(
            list.next_page(),
            PageAt::Offset(61),
            "no cursor on the last page"
        );
    }

    /// Key `id` created `id` minutes after 15:00 (a larger id is newer).
    fn dated(id: i64) -> ApiKey {
        ApiKey {
            created_at: format!("2026-03-20T15:{id:02}:00Z"),
            ..key(id)
        }
    }

    fn dated_page(ids: &[i64], total: u64, has_more: bool) -> KeyPage {
        KeyPage {
            keys: ids.iter().copied().map(dated).collect(),
            total,
            has_more,
            next_cursor: has_more.then(|| format!("after-{}", ids.last().copied().unwrap_or(0))),
        }
    }

    fn ids(list: &KeyList) -> Vec<i64> {
        list.keys().iter().map(|k| k.id).collect()
    }

    #[test]
    fn a_quiet_reload_updates_the_first_page_in_place() {
        let mut list = KeyList::first_page(dated_page(&[9, 8, 7, 6], 6, true));
        list.append_page(dated_page(&[5, 4], 6, false));
        // Elsewhere meanwhile: 10 created, 7 revoked, 8 relabelled; 5 and 4 are on a later page.
        let mut fresh = dated_page(&[10, 9, 8, 6], 6, true);
        fresh.keys[2].label = "Renamed".to_owned();
        list.revalidate(fresh);
        assert_eq!(ids(&list), [10, 9, 8, 6, 5, 4]);
        assert_eq!(list.keys()[2].label, "Renamed");
        assert_eq!(list.total(), 6);
        assert!(
            !list.has_more(),
            "later pages were loaded to the end: still so"
        );
    }

    #[test]
    fn a_quiet_reload_keeps_keys_that_slid_below_the_first_page() {
        let mut list = KeyList::first_page(dated_page(&[3, 2, 1], 5, true));
        // 4 created elsewhere: 1 is on the second page now, still active, still shown.
        list.revalidate(dated_page(&[4, 3, 2], 6, true));
        assert_eq!(ids(&list), [4, 3, 2, 1]);
        assert_eq!(list.total(), 6);
        assert_eq!(
            list.next_page(),
            PageAt::Cursor("after-1".to_owned()),
            "the next page still starts after the last key shown"
        );
        // The whole list in one page: whatever it lacks is gone.
        list.revalidate(dated_page(&[4], 1, false));
        assert_eq!(ids(&list), [4]);
        assert_eq!(list.total(), 1);
        assert!(!list.has_more());
        list.revalidate(dated_page(&[], 0, false));
        assert!(list.keys().is_empty());
    }

    #[test]
    fn after_a_quiet_reload_more_pages_are_offered_while_keys_are_missing() {
        let mut list = KeyList::first_page(dated_page(&[3, 2], 2, false));
        list.revalidate(dated_page(&[5, 4, 3], 4, true));
        assert_eq!(ids(&list), [5, 4, 3, 2]);
        assert!(!list.has_more(), "all 4 are shown");
        let mut list = KeyList::first_page(dated_page(&[3, 2], 2, false));
        list.revalidate(dated_page(&[5, 4, 3], 5, true));
        assert!(list.has_more(), "5 active, 4 shown");
        assert_eq!(list.next_page(), PageAt::Offset(4));
    }

    #[test]
    fn ceiling_and_counter() {
        let list = KeyList::first_page(page(1..=10, 10, false));
        assert!(at_ceiling(list.total(), Some(10)));
        assert!(!at_ceiling(list.total(), Some(11)));
        assert!(!at_ceiling(list.total(), None));
        let en = Locale::english();
        assert_eq!(counter_text(&en, 3, Some(10)), "3 of 10 keys");
        assert_eq!(counter_text(&en, 1, None), "1 key");
    }
}
