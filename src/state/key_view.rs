//! Find and sort: which of the account's keys the table shows, and in what order. The rules
//! live here, free of the DOM, and the query string carries them (`?q=ci&sort=last_used`).

use std::cmp::Ordering;

use crate::api::wire::ApiKey;
use crate::i18n::{Locale, Msg, Value};
use crate::state::time::{is_stale, parse_rfc3339};

/// Above this many keys the tab offers the Filter keys field.
pub const FILTER_FROM_KEYS: u64 = 6;

/// A column the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    /// The label, A to Z by default.
    Label,
    /// When the key was made, newest first by default (the API's own order).
    Created,
    /// When the key was last used, most recent first by default; never-used keys come last.
    LastUsed,
}

impl SortColumn {
    /// Its name in the query string.
    pub fn query_name(self) -> &'static str {
        match self {
            Self::Label => "label",
            Self::Created => "created",
            Self::LastUsed => "last_used",
        }
    }

    /// The direction a first click on the header picks: what people look for first.
    fn natural(self) -> Direction {
        match self {
            Self::Label => Direction::Ascending,
            Self::Created | Self::LastUsed => Direction::Descending,
        }
    }
}

/// A sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A to Z, oldest first.
    Ascending,
    /// Z to A, newest first.
    Descending,
}

/// The table's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortOrder {
    /// The column.
    pub column: SortColumn,
    /// The direction.
    pub direction: Direction,
}

impl Default for SortOrder {
    /// Newest first, as the API lists them.
    fn default() -> Self {
        Self::natural(SortColumn::Created)
    }
}

impl SortOrder {
    /// `column` in its natural direction.
    pub fn natural(column: SortColumn) -> Self {
        Self {
            column,
            direction: column.natural(),
        }
    }

    /// The order after a click on `column`'s header: the same column turns around, another
    /// one starts in its natural direction.
    pub fn clicked(self, column: SortColumn) -> Self {
        if self.column != column {
            return Self::natural(column);
        }
        let direction = match self.direction {
            Direction::Ascending => Direction::Descending,
            Direction::Descending => Direction::Ascending,
        };
        Self { column, direction }
    }

    /// Whether the API's own order already is this one (no need to load every page for it).
    pub fn is_default(self) -> bool {
        self == Self::default()
    }

    /// The header's `aria-sort`.
    pub fn aria_sort(self, column: SortColumn) -> &'static str {
        match (self.column == column, self.direction) {
            (false, _) => "none",
            (true, Direction::Ascending) => "ascending",
            (true, Direction::Descending) => "descending",
        }
    }

    /// From the query's `sort` and `order` values; anything unknown reads as the default.
    pub fn from_query(sort: Option<&str>, order: Option<&str>) -> Self {
        let column = match sort {
            Some("label") => SortColumn::Label,
            Some("created") => SortColumn::Created,
            Some("last_used") => SortColumn::LastUsed,
            _ => return Self::default(),
        };
        let direction = match order {
            Some("asc") => Direction::Ascending,
            Some("desc") => Direction::Descending,
            _ => column.natural(),
        };
        Self { column, direction }
    }

    /// The query's `sort` and `order` values: nothing for the default, no `order` for a
    /// column's natural direction, so shared links stay short.
    pub fn to_query(self) -> (Option<&'static str>, Option<&'static str>) {
        if self.is_default() {
            return (None, None);
        }
        let order = (self.direction != self.column.natural()).then_some(match self.direction {
            Direction::Ascending => "asc",
            Direction::Descending => "desc",
        });
        (Some(self.column.query_name()), order)
    }

    fn compare(self, a: &ApiKey, b: &ApiKey) -> Ordering {
        // Missing values (never used, an unreadable time) sort last in both directions.
        let by_time = |x: Option<i64>, y: Option<i64>| match (x, y) {
            (Some(x), Some(y)) => self.directed(x.cmp(&y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let primary = match self.column {
            SortColumn::Label => self.directed(
                a.label
                    .to_lowercase()
                    .cmp(&b.label.to_lowercase())
                    .then_with(|| a.label.cmp(&b.label)),
            ),
            SortColumn::Created => by_time(created(a), created(b)),
            SortColumn::LastUsed => by_time(last_used(a), last_used(b)),
        };
        // Ties keep the API's order: newest first.
        primary.then_with(|| b.id.cmp(&a.id))
    }

    fn directed(self, ordering: Ordering) -> Ordering {
        match self.direction {
            Direction::Ascending => ordering,
            Direction::Descending => ordering.reverse(),
        }
    }
}

fn created(key: &ApiKey) -> Option<i64> {
    parse_rfc3339(&key.created_at)
}

fn last_used(key: &ApiKey) -> Option<i64> {
    key.last_used_at.as_deref().and_then(parse_rfc3339)
}

/// The filter as typed, trimmed and case-folded; the `…` of a shown prefix is ignored, so a
/// prefix pasted from the table finds its key.
fn needle(query: &str) -> String {
    query.trim().trim_end_matches('…').trim().to_lowercase()
}

/// Whether the filter is in effect.
pub fn is_filtering(query: &str) -> bool {
    !needle(query).is_empty()
}

/// Whether `key` matches the filter: its label or its key prefix contains it, ignoring case.
pub fn matches(key: &ApiKey, query: &str) -> bool {
    let needle = needle(query);
    needle.is_empty()
        || key.label.to_lowercase().contains(&needle)
        || key.key_prefix.to_lowercase().contains(&needle)
}

/// The ids of the `shown` keys marked Stale at `now` (unused, or made and never used, for 90
/// days or more): what "Select stale keys" selects.
pub fn stale_ids(keys: &[ApiKey], shown: &[i64], now: i64) -> Vec<i64> {
    keys.iter()
        .filter(|k| shown.contains(&k.id))
        .filter(|k| {
            let used = k.last_used_at.as_deref().and_then(parse_rfc3339);
            parse_rfc3339(&k.created_at).is_some_and(|made| is_stale(now, made, used))
        })
        .map(|k| k.id)
        .collect()
}

/// The ids of the keys the table shows: those matching `query`, in `order`.
pub fn visible_ids(keys: &[ApiKey], query: &str, order: SortOrder) -> Vec<i64> {
    let mut shown: Vec<&ApiKey> = keys.iter().filter(|k| matches(k, query)).collect();
    if !order.is_default() {
        shown.sort_by(|a, b| order.compare(a, b));
    }
    shown.into_iter().map(|k| k.id).collect()
}

/// "3 of 42 keys match", "1 of 42 keys matches", "No keys match".
pub fn match_count_text(locale: &Locale, shown: usize, total: u64) -> String {
    let number = |n: u64| Value::Number(i64::try_from(n).unwrap_or(i64::MAX));
    locale.format(
        Msg::FilterMatches,
        &[("count", number(shown as u64)), ("total", number(total))],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: i64, label: &str, created: &str, used: Option<&str>) -> ApiKey {
        ApiKey {
            id,
            label: label.to_owned(),
            key_prefix: format!("lev_sk_{id:04}"),
            created_at: created.to_owned(),
            last_used_at: used.map(str::to_owned),
        }
    }

    /// Newest first, as the API lists them.
    fn keys() -> Vec<ApiKey> {
        vec![
            key(4, "ci pipeline", "2026-04-04T00:00:00Z", None),
            key(
                3,
                "Billing export",
                "2026-03-03T00:00:00Z",
                Some("2026-11-01T00:00:00Z"),
            ),
            key(
                2,
                "CI Pipeline",
                "2026-02-02T00:00:00Z",
                Some("2026-11-20T00:00:00Z"),
            ),
            key(1, "Analytics", "2026-01-01T00:00:00Z", None),
        ]
    }

    #[test]
    fn the_filter_matches_label_or_prefix_ignoring_case_and_the_shown_ellipsis() {
        let all = keys();
        let default = SortOrder::default();
        assert_eq!(visible_ids(&all, "  PIPE ", default), [4, 2]);
        assert_eq!(visible_ids(&all, "lev_sk_0003…", default), [3]);
        assert_eq!(visible_ids(&all, "LEV_SK_000", default), [4, 3, 2, 1]);
        assert_eq!(
            visible_ids(&all, "nothing like it", default),
            Vec::<i64>::new()
        );
        assert_eq!(visible_ids(&all, "   ", default), [4, 3, 2, 1]);
        assert!(!is_filtering(" … "));
        assert!(is_filtering("ci"));
    }

    #[test]
    fn labels_sort_ignoring_case_and_ties_keep_newest_first() {
        let all = keys();
        let by_label = SortOrder::natural(SortColumn::Label);
        // "ci pipeline" (4) and "CI Pipeline" (2) tie ignoring case; then the exact text
        // decides ("C" < "c"), so the order is stable whatever the page order was.
        assert_eq!(visible_ids(&all, "", by_label), [1, 3, 2, 4]);
        let reversed = by_label.clicked(SortColumn::Label);
        assert_eq!(reversed.direction, Direction::Descending);
        assert_eq!(visible_ids(&all, "", reversed), [4, 2, 3, 1]);
    }

    #[test]
    fn never_used_keys_sort_last_in_both_directions() {
        let all = keys();
        let recent_first = SortOrder::natural(SortColumn::LastUsed);
        assert_eq!(visible_ids(&all, "", recent_first), [2, 3, 4, 1]);
        let oldest_first = recent_first.clicked(SortColumn::LastUsed);
        assert_eq!(visible_ids(&all, "", oldest_first), [3, 2, 4, 1]);
    }

    #[test]
    fn created_sorts_both_ways_and_unreadable_times_go_last() {
        let mut all = keys();
        all.push(key(9, "Odd", "yesterday", None));
        let oldest_first = SortOrder::default().clicked(SortColumn::Created);
        assert_eq!(visible_ids(&all, "", oldest_first), [1, 2, 3, 4, 9]);
        // The default keeps the API's order untouched.
        assert_eq!(visible_ids(&all, "", SortOrder::default()), [4, 3, 2, 1, 9]);
    }

    #[test]
    fn the_order_round_trips_through_the_query_string() {
        for column in [SortColumn::Label, SortColumn::Created, SortColumn::LastUsed] {
            let natural = SortOrder::natural(column);
            for order in [natural, natural.clicked(column)] {
                let (sort, dir) = order.to_query();
                assert_eq!(SortOrder::from_query(sort, dir), order, "{order:?}");
            }
        }
        assert_eq!(SortOrder::default().to_query(), (None, None));
        assert_eq!(
            SortOrder::natural(SortColumn::LastUsed).to_query(),
            (Some("last_used"), None)
        );
        assert_eq!(
            SortOrder::from_query(Some("password"), Some("asc")),
            SortOrder::default()
        );
        assert_eq!(
            SortOrder::from_query(Some("label"), Some("sideways")),
            SortOrder::natural(SortColumn::Label)
        );
    }

    #[test]
    fn headers_say_how_the_table_is_sorted() {
        let order = SortOrder::natural(SortColumn::LastUsed);
        assert_eq!(order.aria_sort(SortColumn::LastUsed), "descending");
        assert_eq!(order.aria_sort(SortColumn::Label), "none");
        assert_eq!(
            order
                .clicked(SortColumn::LastUsed)
                .aria_sort(SortColumn::LastUsed),
            "ascending"
        );
        assert_eq!(
            SortOrder::default().aria_sort(SortColumn::Created),
            "descending"
        );
    }

    #[test]
    fn the_count_says_how_many_match() {
        let en = crate::i18n::Locale::english();
        assert_eq!(match_count_text(&en, 3, 42), "3 of 42 keys match");
        assert_eq!(match_count_text(&en, 1, 42), "1 of 42 keys matches");
        assert_eq!(match_count_text(&en, 0, 42), "No keys match");
    }
}
