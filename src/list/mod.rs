//! The list of keys: its first page's loading and errors, the card with the counter and Create
//! key, the table, the filter and sort (and the remaining pages they need), Load more, and the
//! one dialog a row, Create key or Revoke selected opens; the selection for a bulk revoke.

mod create_key_button;
mod dialog_chunks;
mod dialog_host;
mod dialog_opener;
mod key_filter;
mod key_manager;
mod key_table;
mod keys_card;
mod keys_loader;
mod list_body;
mod load_more;
mod quiet_reload;
mod remaining_pages;
mod selection_bar;
mod tab_sync;
mod view_choice;

pub use key_table::{KeyTable, KeyTableSkeleton, RowActions, RowButton};
pub use keys_loader::KeysLoader;
pub use view_choice::ViewChoice;
