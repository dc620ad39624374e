//! The tab and its states: `/me` decides between the keys, a full-tab notice (member, feature
//! off, signed out), an error with Retry, or the account picker.

mod access_notice;
mod account_picker;
mod api_keys_tab;

pub use api_keys_tab::ApiKeysTab;
