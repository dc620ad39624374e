//! The keys the tab shows: pages appended, a created key put first, a revoked key removed,
//! and the total kept in step so the counter never needs a reload.

use crate::api::paths::PageAt;
use crate::api::wire::ApiKey;
use crate::api::KeyPage;

/// Keys fetched per page.
pub const PAGE_SIZE: u32 = 50;

/// The loaded part of the account's key list.
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

    /// Adds a page, skipping keys already shown (a key created elsewhere meanwhile shifts pages).
    pub fn append_page(&mut self, page: KeyPage) {
        for key in page.keys {
            if !self.keys.iter().any(|k| k.id == key.id) {
                self.keys.push(key);
            }
        }
        self.total = page.total.max(self.keys.len() as u64);
        self.has_more = page.has_more;
        self.next_cursor = page.next_cursor;
    }

    /// Puts a just-created key first.
    pub fn add_created(&mut self, key: ApiKey) {
        if self.keys.iter().any(|k| k.id == key.id) {
            return;
        }
        self.keys.insert(0, key);
        self.total += 1;
    }

    /// Removes a revoked key; returns its index if it was shown.
    pub fn remove(&mut self, id: i64) -> Option<usize> {
        let index = self.keys.iter().position(|k| k.id == id)?;
        self.keys.remove(index);
        self.total = self.total.saturating_sub(1);
        Some(index)
    }
}

/// The key next to `id` in `keys` as shown (the one after it, else the one before): where
/// attention goes when `id` leaves the list.
pub fn neighbour(keys: &[ApiKey], id: i64) -> Option<i64> {
    let index = keys.iter().position(|k| k.id == id)?;
    keys.get(index + 1)
        .or_else(|| index.checked_sub(1).and_then(|i| keys.get(i)))
        .map(|k| k.id)
}

/// Whether an account with `total` active keys is at its ceiling (unknown ceiling: never).
pub fn at_ceiling(total: u64, max_allowed: Option<u32>) -> bool {
    max_allowed.is_some_and(|max| total >= u64::from(max))
}

/// "3 of 10 keys", or "3 keys" when the ceiling is unknown.
pub fn counter_text(total: u64, max_allowed: Option<u32>) -> String {
    match max_allowed {
        Some(max) => format!("{total} of {max} keys"),
        None if total == 1 => "1 key".to_owned(),
        None => format!("{total} keys"),
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
        // The server's next page may repeat a key already shown: it is skipped.
        list.append_page(page(50..=60, 61, false));
        assert_eq!(list.keys().len(), 61);
        assert!(!list.has_more());
        assert_eq!(list.remove(7), Some(7));
        assert_eq!(list.remove(7), None);
        assert_eq!(list.total(), 60);
    }

    #[test]
    fn the_neighbour_of_a_key_is_the_next_else_the_previous() {
        let list = KeyList::first_page(page(1..=3, 3, false));
        assert_eq!(neighbour(list.keys(), 1), Some(2));
        assert_eq!(neighbour(list.keys(), 3), Some(2));
        assert_eq!(neighbour(list.keys(), 9), None);
        let single = KeyList::first_page(page(1..=1, 1, false));
        assert_eq!(neighbour(single.keys(), 1), None);
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

    #[test]
    fn ceiling_and_counter() {
        let list = KeyList::first_page(page(1..=10, 10, false));
        assert!(at_ceiling(list.total(), Some(10)));
        assert!(!at_ceiling(list.total(), Some(11)));
        assert!(!at_ceiling(list.total(), None));
        assert_eq!(counter_text(3, Some(10)), "3 of 10 keys");
        assert_eq!(counter_text(1, None), "1 key");
    }
}
