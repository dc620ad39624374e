//! The standalone settings page: its routes, its header, and the filter and order kept in its
//! URL. An embedded tab renders none of this (no router at all).

mod routes;
mod settings_page;
mod url_view_choice;

pub use routes::StandaloneApp;
pub use settings_page::TAB_PATH;
