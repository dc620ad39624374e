//! A local, working implementation of the part of the Lev External API v2 that the
//! Settings → API Keys tab uses: real HTTP, real SQLite persistence, real auth.
//!
//! The contract is `shared/lev-api-v2.md`; each of its **Decisions** is implemented in one
//! place, named in the README. Start a server with [`start`].

#![forbid(unsafe_code)]

mod admission;
mod app;
mod auth;
mod body;
mod connections;
mod context;
mod cors_origin;
mod credential;
mod db;
mod error;
pub mod faults;
mod idempotency;
mod label;
mod model;
mod openapi;
mod rate_limit;
pub mod request_log;
mod routes;
mod secrets;
pub mod seed;
mod sign_in_links;
mod state;
mod static_site;
pub mod wire;

pub use connections::{cap_for_descriptors, default_max_connections};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use app::API_BASE;
pub use cors_origin::{BadOrigin, CorsOrigin};
#[cfg(feature = "test-hooks")]
pub use db::FailPoint;
pub use faults::{FaultAction, FaultRule, Faults};
pub use request_log::RecordedRequest;

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// A SQLite file, created if missing.
    File(PathBuf),
    /// A fresh database in memory, gone when the server stops (tests).
    InMemory,
}

/// How to run a server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free one.
    pub addr: SocketAddr,
    /// Database.
    pub storage: Storage,
    /// Seed demo data into an empty database.
    pub seed: bool,
    /// Built app to serve at `/`.
    pub dist: Option<PathBuf>,
    /// Enable fault injection (`/_dev/faults`).
    pub faults: bool,
    /// Latency added to every request, in milliseconds (needs `faults`).
    pub latency_ms: u64,
    /// Enforce the per-tier rate limits.
    pub rate_limits: bool,
    /// `frame-ancestors` sources allowed to embed the app.
    pub frame_ancestors: Vec<String>,
    /// Mark the session cookie `Secure`.
    pub secure_cookies: bool,
    /// Key ceiling of every account instead of its tier's (benchmarks).
    pub key_ceiling_override: Option<u32>,
    /// Origins allowed to call the API from a browser on another origin (CORS), such as the
    /// web app that embeds the tab. Empty: same origin only.
    pub cors_origins: Vec<CorsOrigin>,
    /// Serve `/dev/sign-in`, `/dev/sign-out` and `/dev/sessions` (local use, tests). Refused on
    /// a non-loopback address; with it, only requests whose `Host` is this server are answered.
    pub dev_sign_in: bool,
    /// Other loopback addresses (`127.0.0.1:8081`, `localhost:8081`) the server is reached at
    /// through a local proxy such as `trunk serve`; with dev sign-in, their `Host` and
    /// `Origin` are accepted too.
    pub dev_proxy_hosts: Vec<String>,
    /// Names under the reserved `.test` domain (RFC 6761) that this server is reached at on its
    /// own port, mapped to loopback on this machine (`/etc/hosts`, a browser's host-resolver
    /// rule): the tab on plain http at a name that is not loopback, an insecure context as a
    /// LAN address or an intranet name is. With dev sign-in, their `Host` and `Origin` are
    /// accepted.
    pub dev_test_hosts: Vec<String>,
    /// A request not answered within this time of its first byte gets 408 (a client
    /// trickling its body too).
    pub request_timeout: Duration,
    /// A request head not complete this long after the connection was ready for it (accepted,
    /// or done with the previous request) closes the connection.
    pub header_read_timeout: Duration,
    /// A connection with no request and no traffic for this long is closed.
    pub idle_timeout: Duration,
    /// Open connections at most; at the cap a new one waits in the backlog for room (see
    /// [`connections`]).
    pub max_connections: usize,
    /// At the cap, a connection idle between requests for this long may be closed to make room.
    pub evict_idle: Duration,
    /// How long [`RunningServer::stop`] lets in-flight requests finish before it cuts them off.
    pub shutdown_grace: Duration,
    /// How long a browser session lasts.
    pub session_lifetime: Duration,
    /// Makes the first start fail at this point (tests of an interrupted start; only with the
    /// `test-hooks` feature, which the server's own tests turn on).
    #[cfg(feature = "test-hooks")]
    pub fail_point: Option<FailPoint>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            storage: Storage::InMemory,
            seed: true,
            dist: None,
            faults: false,
            latency_ms: 0,
            rate_limits: true,
            frame_ancestors: vec!["'self'".to_owned()],
            secure_cookies: false,
            key_ceiling_override: None,
            cors_origins: Vec::new(),
            dev_sign_in: false,
            dev_proxy_hosts: Vec::new(),
            dev_test_hosts: Vec::new(),
            request_timeout: Duration::from_secs(30),
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            max_connections: connections::default_max_connections(),
            evict_idle: Duration::from_secs(1),
            shutdown_grace: Duration::from_secs(5),
            session_lifetime: Duration::from_secs(12 * 60 * 60),
            #[cfg(feature = "test-hooks")]
            fail_point: None,
        }
    }
}

/// Why a server did not start.
#[derive(Debug)]
pub enum StartError {
    /// The address could not be bound (taken, not local, no permission).
    Bind(SocketAddr, std::io::Error),
    /// The database could not be opened or migrated.
    Database(String),
    /// Dev sign-in on an address other machines can reach.
    DevSignInNotLoopback(SocketAddr),
    /// A proxy host that is not this machine.
    ProxyHostNotLoopback(String),
    /// A test host name outside the reserved `.test` domain.
    TestHostNotReserved(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bind(addr, e) if e.kind() == std::io::ErrorKind::AddrInUse => write!(
                f,
                "{addr} is already in use. Stop what is using it, or choose another port (for example --addr 127.0.0.1:{}).",
                addr.port().wrapping_add(1)
            ),
            Self::Bind(addr, e) => write!(f, "cannot listen on {addr}: {e}"),
            Self::Database(e) => write!(f, "cannot open the database: {e}"),
            Self::ProxyHostNotLoopback(host) => write!(
                f,
                "--dev-proxy-host takes a loopback address with its port (127.0.0.1:8081 or localhost:8081), not {host}."
            ),
            Self::TestHostNotReserved(host) => write!(
                f,
                "--dev-test-host takes a name under the reserved .test domain, such as lev.test (no port: the server's own), not {host}."
            ),
            Self::DevSignInNotLoopback(addr) => write!(
                f,
                "--dev-sign-in signs anyone in without a password, so it listens on loopback only (127.0.0.1 or ::1), not {addr}."
            ),
        }
    }
}

impl std::error::Error for StartError {}

/// A server running in the background of the current tokio runtime.
pub struct RunningServer {
    addr: SocketAddr,
    state: state::SharedState,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
    grace: Duration,
}

impl RunningServer {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://addr`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Fault injection of this server.
    pub fn faults(&self) -> &Faults {
        &self.state.faults
    }

    /// Every request the server received so far, oldest first (recorded only with `faults`).
    ///
    /// # Panics
    /// When fault injection is off: a test that counts requests must not pass on an empty log.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        assert!(
            self.state.faults.enabled(),
            "the request log needs Config::faults (it records nothing without it)"
        );
        self.state.requests.entries()
    }

    /// Active keys of the account `slug` (tests count keys the way a user cannot).
    pub fn active_key_count(&self, slug: &str) -> Option<u32> {
        self.state.db.active_key_count(self.account_id(slug)?).ok()
    }

    /// A one-time link (path and query) that signs `email` in and lands on `next` (a
    /// same-origin path); `None` without dev sign-in.
    pub fn sign_in_link(&self, email: &str, next: Option<&str>) -> Option<String> {
        let token = self.state.dev_sign_in.as_ref()?.issue(email).ok()?;
        let mut link = format!("/dev/sign-in?token={token}");
        if let Some(next) = next {
            link.push_str("&next=");
            link.extend(utf8_percent_encode(next, QUERY_VALUE));
        }
        Some(link)
    }

    /// The token `/_dev/faults` and `/_dev/requests` require (`Authorization: Bearer …`);
    /// `None` without fault injection.
    pub fn dev_token(&self) -> Option<&str> {
        self.state.dev_token.as_deref()
    }

    /// Sessions in the database, expired ones included (tests of the purge).
    pub fn stored_sessions(&self) -> u64 {
        self.state.db.stored_sessions().unwrap_or(u64::MAX)
    }

    /// Replays held for the account `slug` (tests of the replay store's bounds).
    pub fn stored_replays(&self, slug: &str) -> usize {
        self.account_id(slug)
            .map_or(0, |id| self.state.idempotency.stored(id))
    }

    /// Sets when key `key_id` was last used (epoch seconds), as if that long ago (tests of how
    /// use is recorded, with the `test-hooks` feature).
    #[cfg(feature = "test-hooks")]
    pub fn set_key_last_used(&self, key_id: i64, at: i64) {
        let _ = self.state.db.set_last_used(key_id, at);
    }

    /// Makes every later database write fail, as a full disk would (tests, with the
    /// `test-hooks` feature).
    #[cfg(feature = "test-hooks")]
    pub fn refuse_writes(&self) {
        let _ = self.state.db.refuse_writes();
    }

    fn account_id(&self, slug: &str) -> Option<i64> {
        let users = self.state.db.users().ok()?;
        users.iter().find_map(|u| {
            let memberships = self.state.db.memberships(u.id).ok()?;
            memberships
                .into_iter()
                .find(|(a, _)| a.slug == slug)
                .map(|(a, _)| a.id)
        })
    }

    /// Stops accepting connections and lets in-flight requests finish, for at most the
    /// configured grace period; then cuts them off.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if tokio::time::timeout(self.grace, &mut self.task)
            .await
            .is_err()
        {
            tracing::warn!(grace = ?self.grace, "requests still running after the grace period: cut off");
            self.task.abort();
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// What a query value escapes: everything but unreserved characters and `/` (so a path
/// stays readable in the link).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Whether `name` is a host name under `.test`, which no public DNS resolves (RFC 6761): only
/// this machine's own configuration can point it here, so a rebinding site can't use it.
fn reserved_test_name(name: &str) -> bool {
    name.to_ascii_lowercase()
        .strip_suffix(".test")
        .is_some_and(cors_origin::is_host_name)
}

/// Where the configuration makes the first start fail (never without `test-hooks`).
fn fail_point(config: &Config) -> Option<db::FailPoint> {
    #[cfg(feature = "test-hooks")]
    return config.fail_point;
    #[cfg(not(feature = "test-hooks"))]
    {
        let _ = config;
        None
    }
}

/// A random token for `/_dev/*`.
fn new_dev_token() -> Result<String, StartError> {
    secrets::random_base62(32).map_err(|e| StartError::Database(format!("no randomness: {e}")))
}

/// Opens the database, seeds it if asked, binds and serves in the background.
pub async fn start(config: Config) -> Result<RunningServer, StartError> {
    if config.dev_sign_in && !config.addr.ip().is_loopback() {
        return Err(StartError::DevSignInNotLoopback(config.addr));
    }
    let loopback_host = |host: &str| {
        host.parse::<SocketAddr>()
            .map(|a| a.ip().is_loopback())
            .unwrap_or_else(|_| {
                host.strip_prefix("localhost:")
                    .is_some_and(|port| port.parse::<u16>().is_ok())
            })
    };
    if let Some(host) = config.dev_proxy_hosts.iter().find(|h| !loopback_host(h)) {
        return Err(StartError::ProxyHostNotLoopback(host.clone()));
    }
    if let Some(host) = config
        .dev_test_hosts
        .iter()
        .find(|h| !reserved_test_name(h))
    {
        return Err(StartError::TestHostNotReserved(host.clone()));
    }
    let db = match &config.storage {
        Storage::File(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| StartError::Database(e.to_string()))?;
            }
            db::Db::open(path, fail_point(&config))
        }
        Storage::InMemory => db::Db::in_memory(),
    }
    .map_err(|e| StartError::Database(e.to_string()))?;
    if config.seed {
        seed::seed_failing_at(&db, fail_point(&config))
            .map_err(|e| StartError::Database(format!("{e:?}")))?;
    }
    let listener = listen(config.addr).map_err(|e| StartError::Bind(config.addr, e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::Bind(config.addr, e))?;
    let state = Arc::new(state::AppState {
        db,
        limiter: rate_limit::RateLimiter::new(config.rate_limits),
        idempotency: idempotency::IdempotencyCache::default(),
        faults: Arc::new(Faults::new(config.faults, config.latency_ms)),
        requests: Arc::new(request_log::RequestLog::new(config.faults)),
        dist: config.dist.clone(),
        frame_ancestors: config.frame_ancestors.clone(),
        secure_cookies: config.secure_cookies,
        cors_origins: config.cors_origins.clone(),
        listen: addr,
        dev_proxy_hosts: config
            .dev_proxy_hosts
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect(),
        dev_test_hosts: config
            .dev_test_hosts
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect(),
        dev_sign_in: config.dev_sign_in.then(sign_in_links::SignInLinks::default),
        dev_token: if config.faults {
            Some(new_dev_token()?)
        } else {
            None
        },
        key_ceiling_override: config.key_ceiling_override,
        session_seconds: i64::try_from(config.session_lifetime.as_secs()).unwrap_or(i64::MAX),
    });
    let (tx, rx) = oneshot::channel::<()>();
    let router = app::router(Arc::clone(&state), config.request_timeout);
    let limits = connections::ConnectionLimits {
        header_read_timeout: config.header_read_timeout,
        idle_timeout: config.idle_timeout,
        max_connections: config.max_connections.max(1),
        evict_idle: config.evict_idle,
    };
    let task = tokio::spawn(connections::serve(listener, router, limits, rx));
    Ok(RunningServer {
        addr,
        state,
        shutdown: Some(tx),
        task,
        grace: config.shutdown_grace,
    })
}

/// Connections waiting to be accepted, at most (the kernel clamps it to `net.core.somaxconn`,
/// 4096 on current Linux). At the connection cap new connections wait there, so it must hold
/// more than the few a listener usually needs (128 by default).
const LISTEN_BACKLOG: u32 = 65_535;

/// A listener on `addr` with the deep backlog the connection cap relies on.
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // As `TcpListener::bind` does: a restarted server can take its port back at once.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}
