//! A local, working implementation of the part of the Lev External API v2 that the
//! Settings → API Keys tab uses: real HTTP, real SQLite persistence, real auth.
//!
//! The contract is `shared/lev-api-v2.md`; each of its **Decisions** is implemented in one
//! place, named in the README. Start a server with [`start`].

mod app;
mod auth;
mod body;
mod context;
mod db;
mod error;
pub mod faults;
mod idempotency;
mod label;
mod model;
mod rate_limit;
pub mod request_log;
mod routes;
mod secrets;
pub mod seed;
mod state;
mod static_site;
pub mod wire;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use app::API_BASE;
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
    pub cors_origins: Vec<String>,
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
        let users = self.state.db.users().ok()?;
        users.iter().find_map(|u| {
            let memberships = self.state.db.memberships(u.id).ok()?;
            let (account, _) = memberships.into_iter().find(|(a, _)| a.slug == slug)?;
            self.state.db.active_key_count(account.id).ok()
        })
    }

    /// Stops accepting connections, finishes in-flight requests and waits.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Opens the database, seeds it if asked, binds and serves in the background.
pub async fn start(config: Config) -> Result<RunningServer, StartError> {
    let db = match &config.storage {
        Storage::File(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| StartError::Database(e.to_string()))?;
            }
            db::Db::open(path)
        }
        Storage::InMemory => db::Db::in_memory(),
    }
    .map_err(|e| StartError::Database(e.to_string()))?;
    if config.seed {
        seed::seed(&db).map_err(|e| StartError::Database(format!("{e:?}")))?;
    }
    if let Some(ceiling) = config.key_ceiling_override {
        for user in db
            .users()
            .map_err(|e| StartError::Database(format!("{e:?}")))?
        {
            for (account, _) in db
                .memberships(user.id)
                .map_err(|e| StartError::Database(format!("{e:?}")))?
            {
                db.set_key_ceiling(account.id, Some(ceiling))
                    .map_err(|e| StartError::Database(format!("{e:?}")))?;
            }
        }
    }
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
    });
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|e| StartError::Bind(config.addr, e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::Bind(config.addr, e))?;
    let (tx, rx) = oneshot::channel::<()>();
    let router = app::router(Arc::clone(&state));
    let task = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        // No Nagle delay: ServeDir writes headers and body separately, and with Nagle the body
        // waited for the peer's delayed ACK (~40 ms on loopback; the stylesheet arrived 36 ms
        // after its headers, holding the app's start back).
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "TCP_NODELAY");
            }
        });
        let served = axum::serve(listener, service)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
        if let Err(error) = served {
            tracing::error!(%error, "server stopped");
        }
    });
    Ok(RunningServer {
        addr,
        state,
        shutdown: Some(tx),
        task,
    })
}
