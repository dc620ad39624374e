//! Reusable pieces, free of API-key specifics: dialog, buttons, notices, icons, and the state
//! every button that sends a request shows.

pub mod action_state;
pub mod clock;
pub mod config_problem;
pub mod confirm_actions;
pub mod connectivity;
pub mod copy_button;
pub mod dialog;
pub mod error_notice;
pub mod focus;
pub mod host_events;
pub mod icons;
pub mod progress_button;
pub mod status;
pub mod unrecorded;
