//! What the features share: the dialog, buttons, notices and icons, the state every button
//! that sends a request shows, and the tab's ties to the page it lives in (its DOM root and
//! focus, connectivity, the minute clock, the status region). Two know the product: the host
//! element's events (`host_events`, which name keys) and the configuration-problem notice.

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
pub mod problem_card;
pub mod progress_button;
pub mod render_failure;
pub mod status;
pub mod unrecorded;
