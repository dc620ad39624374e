//! Create key: the dialog and its label form, the creation (one POST per attempt), and the
//! one-time reveal with its snippets. The rotation makes its replacement with the same pieces.

mod create_key_dialog;
mod key_creation;
mod key_dialog;
mod key_snippets;
mod label_form;
pub mod label_rule;
mod reveal_key_panel;
mod revealed_key;

pub use create_key_dialog::CreateKeyDialog;
pub use key_creation::KeyCreation;
pub use key_dialog::KeyDialog;
pub use reveal_key_panel::RevealKeyPanel;
pub use revealed_key::{Reveal, RevealedKey, KEY_DIALOG_TITLE};
