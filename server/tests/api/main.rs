//! Integration tests over real HTTP: a client against the server on an ephemeral loopback port.

mod abuse;
mod auth;
mod connection_cap;
mod contract;
mod keys;
mod robustness;
mod security;
mod serving;
mod support;
