//! `lev-server`: the local Lev External API v2.

#![forbid(unsafe_code)]

// A handler's panic must answer 500 and leave the server serving: that takes unwinding.
#[cfg(panic = "abort")]
compile_error!("lev-server must be built with panic = \"unwind\" (a panicking request must not end the server)");

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use lev_server::{seed, start, Config, CorsOrigin, Storage};

/// Local implementation of the Lev External API v2 endpoints the API Keys tab uses.
#[derive(Debug, Parser)]
#[command(name = "lev-server", version, about)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080", env = "LEV_ADDR")]
    addr: SocketAddr,
    /// SQLite database file; created and migrated if needed.
    #[arg(
        long,
        default_value = "target/lev-server/lev.sqlite3",
        env = "LEV_DB",
        conflicts_with = "in_memory"
    )]
    db: PathBuf,
    /// Keep the database in memory only (gone when the server stops).
    #[arg(long)]
    in_memory: bool,
    /// Fill an empty database with the demo accounts, users and keys.
    #[arg(long)]
    seed: bool,
    /// Serve the built app from this folder at `/` (client routes fall back to index.html).
    #[arg(long, env = "LEV_DIST")]
    dist: Option<PathBuf>,
    /// Enable fault injection for tests, controlled at /_dev/faults.
    #[arg(long)]
    faults: bool,
    /// Milliseconds of latency to add to every request (implies --faults).
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Do not enforce the per-tier rate limits (long tests, benchmarks).
    #[arg(long)]
    no_rate_limits: bool,
    /// Sources allowed to embed the app in a frame (CSP frame-ancestors), space-separated.
    #[arg(long, default_value = "'self'", env = "LEV_FRAME_ANCESTORS")]
    frame_ancestors: String,
    /// Mark the session cookie Secure (when served over HTTPS).
    #[arg(long)]
    secure_cookies: bool,
    /// Give every account this key ceiling instead of its tier's (benchmarks).
    #[arg(long)]
    key_ceiling: Option<u32>,
    /// An origin allowed to call the API from another origin (CORS), written as browsers
    /// send it, scheme://host[:port], such as https://app.lev.example; repeat for several.
    /// `null`, `*`, paths and trailing slashes are refused.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<CorsOrigin>,
    /// Serve the passwordless sign-in at /dev/sign-in (local development and tests only):
    /// loopback addresses only, and only requests addressed to this server. Prints a one-time
    /// sign-in link at start.
    #[arg(long)]
    dev_sign_in: bool,
    /// Another loopback address this server is reached at through a local proxy, such as
    /// `trunk serve` at 127.0.0.1:8081; dev sign-in accepts its Host and Origin. Repeatable.
    #[arg(long = "dev-proxy-host", value_name = "HOST:PORT")]
    dev_proxy_hosts: Vec<String>,
    /// A name under the reserved .test domain this server is reached at on its own port, mapped
    /// to 127.0.0.1 on this machine (/etc/hosts), such as lev.test: the tab on plain http at a
    /// name that is not loopback (an insecure context). Dev sign-in accepts its Host and
    /// Origin. Repeatable.
    #[arg(long = "dev-test-host", value_name = "NAME")]
    dev_test_hosts: Vec<String>,
    /// Seconds from a request's first byte to its answer before it is cut off with 408.
    #[arg(long, default_value_t = 30)]
    request_timeout_secs: u64,
    /// Seconds a connection may take to send a complete request head (from when it was
    /// accepted, or from the previous answer) before it is closed.
    #[arg(long, default_value_t = 10)]
    header_read_timeout_secs: u64,
    /// Seconds a kept-alive connection may stay idle (no request, no traffic) before it is
    /// closed.
    #[arg(long, default_value_t = 5)]
    keep_alive_secs: u64,
    /// Open connections at most (one file descriptor each). At the cap new connections wait in
    /// the kernel's backlog until one closes, one idle between requests for
    /// --evict-idle-ms is closed, or a busy one is handed over (its next answer says
    /// `Connection: close`). By default, what the file-descriptor limit allows (the soft limit
    /// is first raised to the hard one), at most 16,384.
    #[arg(long)]
    max_connections: Option<usize>,
    /// At the connection cap, a connection idle between requests for this many milliseconds
    /// may be closed to make room; never one answering a request or receiving one.
    #[arg(long, default_value_t = 1_000)]
    evict_idle_ms: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "lev_server=info".into()),
        )
        .init();
    let args = Args::parse();
    raise_descriptor_limit();
    let max_connections = args
        .max_connections
        .unwrap_or_else(lev_server::default_max_connections)
        .max(1);
    let storage = if args.in_memory {
        Storage::InMemory
    } else {
        Storage::File(args.db.clone())
    };
    let config = Config {
        addr: args.addr,
        storage: storage.clone(),
        seed: args.seed,
        dist: args.dist.clone(),
        faults: args.faults || args.latency_ms > 0,
        latency_ms: args.latency_ms,
        rate_limits: !args.no_rate_limits,
        frame_ancestors: args
            .frame_ancestors
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        secure_cookies: args.secure_cookies,
        key_ceiling_override: args.key_ceiling,
        cors_origins: args.cors_origins.clone(),
        dev_sign_in: args.dev_sign_in,
        dev_proxy_hosts: args.dev_proxy_hosts.clone(),
        dev_test_hosts: args.dev_test_hosts.clone(),
        request_timeout: std::time::Duration::from_secs(args.request_timeout_secs.max(1)),
        header_read_timeout: std::time::Duration::from_secs(args.header_read_timeout_secs.max(1)),
        idle_timeout: std::time::Duration::from_secs(args.keep_alive_secs.max(1)),
        max_connections,
        evict_idle: std::time::Duration::from_millis(args.evict_idle_ms),
        ..Config::default()
    };
    let server = match start(config).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("lev-server: {error}");
            return ExitCode::FAILURE;
        }
    };
    let url = server.url();
    match &storage {
        Storage::File(path) => println!("database: {}", path.display()),
        Storage::InMemory => println!("database: in memory"),
    }
    println!("API:      {url}/api/external/v2");
    if args.dev_sign_in {
        println!("sign in:  {url}/dev/sign-in");
        let next = args.dist.as_ref().map(|_| "/settings/api-keys");
        if let Some(link) = server.sign_in_link(seed::ADMIN, next) {
            println!(
                "one-time: {url}{link}  (signs in as {}; works once, for 15 minutes)",
                seed::ADMIN
            );
        }
    }
    if let Some(token) = server.dev_token() {
        println!("faults:   {url}/_dev/faults  (Authorization: Bearer {token})");
    }
    println!("connections: at most {max_connections} open");
    println!("ready on {url}");
    let mut stops = match StopSignals::new() {
        Ok(stops) => stops,
        Err(error) => {
            eprintln!("lev-server: cannot wait for a stop signal: {error}");
            return ExitCode::FAILURE;
        }
    };
    let signal = stops.next().await;
    println!(
        "stopping on {signal}: finishing requests in flight (the same signal again stops at once)"
    );
    tokio::select! {
        () = server.stop() => {
            println!("stopped: every request answered, the database closed");
            ExitCode::SUCCESS
        }
        signal = stops.next() => {
            eprintln!("lev-server: stopped at once on a second {signal}; requests in flight were cut off");
            ExitCode::from(130)
        }
    }
}

/// SIGINT (Ctrl-C) and SIGTERM (what systemd, Docker and Kubernetes send to stop a service):
/// either starts the same graceful stop, and either again stops at once.
struct StopSignals {
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Self {
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// The name of the next stop signal.
    async fn next(&mut self) -> &'static str {
        tokio::select! {
            result = tokio::signal::ctrl_c() => {
                if let Err(error) = result {
                    eprintln!("lev-server: cannot wait for Ctrl-C: {error}");
                    std::future::pending::<()>().await;
                }
                "SIGINT"
            }
            _ = self.terminate.recv() => "SIGTERM",
        }
    }
}

/// Raises the soft file-descriptor limit to the hard one (each connection holds one), as
/// servers do; the default connection cap is sized from the result.
fn raise_descriptor_limit() {
    #[cfg(unix)]
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!(limit, "file descriptors"),
        Err(error) => tracing::warn!(%error, "cannot raise the file-descriptor limit"),
    }
}
