//! The Settings → API Keys tab and its standalone settings shell.

pub mod access_notice;
pub mod account_picker;
pub mod api_keys_tab;
pub mod attempt;
pub mod create_key_dialog;
pub mod key_creation;
pub mod key_dialog;
pub mod key_finder;
pub mod key_snippets;
pub mod key_table;
pub mod keys_card;
pub mod keys_panel;
pub mod label_form;
pub mod load_more;
pub mod managed_keys;
pub mod reveal_key_panel;
pub mod revoke_key_dialog;
pub mod rotate_key_dialog;
pub mod rotation;
pub mod shell;
pub mod view_choice;
