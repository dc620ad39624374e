//! Logic the views rely on, kept free of the DOM so it is tested natively.

pub mod access;
pub mod bulk_revoke;
pub mod key_list;
pub mod key_view;
pub mod listed_keys;
pub mod selection;
pub mod snippets;
pub mod time;
