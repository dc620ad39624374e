//! Rules the tab (in the browser) and the local server must apply alike, each with the table
//! of cases that both are tested on: what a key's label may be, and what counts as a path of
//! this site; and one the build and the tests share: how the dialogs' chunks are named.

#![forbid(unsafe_code)]

pub mod chunk_names;
pub mod label;
pub mod site_path;
