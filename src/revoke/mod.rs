//! Revoke: the confirmation for a row's trash button, the revoke itself (shared with the
//! rotation's last step), and the sentence about the key's last use.

mod last_use_note;
mod revocation;
mod revoke_key_dialog;

pub use last_use_note::LastUseNote;
pub use revocation::{Revocation, Revoked};
pub use revoke_key_dialog::RevokeKeyDialog;
