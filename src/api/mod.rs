//! The Lev External API v2 as the tab sees it: wire types, one error type, the client.
//! Views never build URLs or parse JSON; they call [`Client`] and get typed answers.

mod client;
mod early;
mod error;
pub mod paths;
pub mod retry;
pub mod wire;

pub use client::{Client, KeyPage};
pub use error::{ApiError, ErrorKind};
