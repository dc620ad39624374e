//! Rotate: replace a key without an outage — a replacement with the same label, its one-time
//! reveal, then the question whether to revoke the old key now.

mod revoke_old_key_dialog;
mod rotate_key_dialog;
mod rotation_flow;

pub use rotation_flow::{RotationEnd, RotationFlow};
