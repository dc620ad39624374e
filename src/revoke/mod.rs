//! Revoke: the confirmation for a row's trash button, the revoke itself (shared with the
//! rotation's last step), the sentence about the key's last use, and the bulk revoke of the
//! selected keys.

mod bulk_revocation;
mod bulk_revoke_dialog;
mod last_use_note;
mod revocation;
mod revoke_key_dialog;

pub use bulk_revoke_dialog::BulkRevokeDialog;
pub use last_use_note::LastUseNote;
pub use revocation::{Revocation, Revoked};
pub use revoke_key_dialog::{key_question, RevokeKeyDialog};
