//! `cargo xtask load`: the mixed load of issue 32 against the release server, reported, never
//! asserted.
//!
//! For each number of clients (16, 256 and 1,000; `LEV_LOAD_CLIENTS=16,256` to choose) a fresh
//! server process (this package's binary, built by `cargo bench` with the release settings)
//! starts on a file database with its default connection settings, `--no-rate-limits` (one
//! admin's session is every client's: the budgets would answer 429 long before the server is
//! loaded) and a key ceiling out of reach. Each client is closed-loop on one kept-alive
//! connection (hyper's, no pool: a pool would retry a request that hit a closed connection
//! and hide it), opening a new connection only when the server ended the last one cleanly:
//! 80 % reads (the first page of keys, `/me`), 20 % a create and the revoke of that key. One
//! more client asks `/health` every 20 ms. After `LEV_LOAD_SECS` (10) clients finish what they
//! started; the server is stopped with SIGTERM.
//!
//! Reported per run: operations per second, p50/p99 per kind of request and for `/health`,
//! errors by kind, keys created and revoked, and keys left behind (the server's own count
//! after the run less before it). Written to `target/load/report.json` as well.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpStream;

/// How long one request may take before it counts as a timeout.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

fn main() {
    if let Err(error) = run() {
        eprintln!("load: {error}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    // A thousand client sockets (and as many on the server's side) need the room.
    #[cfg(unix)]
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let levels =
        std::env::var("LEV_LOAD_CLIENTS").unwrap_or_else(|_| "16,256,1000,1000@200".to_owned());
    let levels: Vec<Level> = levels
        .split(',')
        .map(|level| Level::parse(level.trim()))
        .collect::<Result<_, _>>()?;
    let secs = std::env::var("LEV_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10u64);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    let mut reports = Vec::new();
    for level in levels {
        let report = runtime.block_on(one_run(level, Duration::from_secs(secs)))?;
        print_report(&report);
        reports.push(report);
    }
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = manifest
        .parent()
        .unwrap_or(manifest)
        .join("target/load/report.json");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let json = serde_json::to_string_pretty(&reports).map_err(|e| e.to_string())?;
    std::fs::write(&out, json).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("load: report in {}", out.display());
    Ok(())
}

/// One run: how many clients, and the server's connection cap if not its default.
#[derive(Clone, Copy)]
struct Level {
    clients: usize,
    max_connections: Option<usize>,
}

impl Level {
    /// `1000`, or `1000@200` for 1,000 clients against `--max-connections 200`.
    fn parse(text: &str) -> Result<Self, String> {
        let number = |n: &str| {
            n.parse::<usize>()
                .map_err(|_| format!("LEV_LOAD_CLIENTS: `{text}` is not N or N@CAP"))
        };
        match text.split_once('@') {
            Some((clients, cap)) => Ok(Self {
                clients: number(clients)?,
                max_connections: Some(number(cap)?),
            }),
            None => Ok(Self {
                clients: number(text)?,
                max_connections: None,
            }),
        }
    }
}

/// The server process of one run, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(max_connections: Option<usize>) -> Result<Self, String> {
        let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
        let mut command = Command::new(env!("CARGO_BIN_EXE_lev-server"));
        command
            .args([
                "--addr",
                "127.0.0.1:0",
                "--seed",
                "--dev-sign-in",
                "--no-rate-limits",
            ])
            .args(["--key-ceiling", "1000000", "--db"])
            .arg(dir.path().join("load.sqlite3"));
        if let Some(max) = max_connections {
            command.args(["--max-connections", &max.to_string()]);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let line = lines
                .next()
                .ok_or("the server ended before it was ready")?
                .map_err(|e| e.to_string())?;
            if line.starts_with("connections:") {
                println!("  server {line}");
            }
            if let Some(url) = line.strip_prefix("ready on http://") {
                break url.parse().map_err(|e| format!("`{url}`: {e}"))?;
            }
        };
        // Keep reading, so that what it prints never fills the pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Ok(Self {
            child,
            addr,
            _dir: dir,
        })
    }

    /// SIGTERM, then its exit status.
    fn stop(mut self) -> String {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        match self.child.wait() {
            Ok(status) => status.to_string(),
            Err(e) => e.to_string(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// One kept-alive connection that reopens when the server ended it cleanly.
struct Client {
    addr: SocketAddr,
    token: Arc<str>,
    sender: Option<SendRequest<Full<Bytes>>>,
    /// Connections the server ended cleanly (its answer said `Connection: close`).
    reconnects: u64,
}

/// What one request came to.
enum Outcome {
    Answered(StatusCode, Bytes),
    Failed(String),
}

impl Client {
    fn new(addr: SocketAddr, token: Arc<str>) -> Self {
        Self {
            addr,
            token,
            sender: None,
            reconnects: 0,
        }
    }

    async fn connection(&mut self) -> Result<&mut SendRequest<Full<Bytes>>, String> {
        if let Some(sender) = &mut self.sender {
            if sender.ready().await.is_ok() {
                return self.sender.as_mut().ok_or_else(String::new);
            }
            self.reconnects += 1;
        }
        let stream = TcpStream::connect(self.addr)
            .await
            .map_err(|e| format!("connect: {:?}", e.kind()))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(connection);
        Ok(self.sender.insert(sender))
    }

    /// A request to the API `path` (below `/api/external/v2`).
    async fn send(&mut self, method: Method, path: &str, body: Option<Value>) -> Outcome {
        self.exchange(method, format!("/api/external/v2{path}"), body)
            .await
    }

    /// A request to `uri`, with the client's token when it has one.
    async fn exchange(&mut self, method: Method, uri: String, body: Option<Value>) -> Outcome {
        let host = self.addr.to_string();
        let token = Arc::clone(&self.token);
        let attempt = async {
            let sender = self.connection().await?;
            let mut request = Request::builder()
                .method(method)
                .uri(uri)
                .header(hyper::header::HOST, host)
                .header("X-Origin-App", "lev-load");
            if !token.is_empty() {
                request = request.header(hyper::header::AUTHORIZATION, format!("Bearer {token}"));
            }
            let body = match body {
                Some(body) => {
                    request = request.header(hyper::header::CONTENT_TYPE, "application/json");
                    Full::new(Bytes::from(body.to_string()))
                }
                None => Full::new(Bytes::new()),
            };
            let request = request.body(body).map_err(|e| format!("request: {e}"))?;
            let response = sender.send_request(request).await.map_err(describe)?;
            let status = response.status();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(describe)?
                .to_bytes();
            Ok::<_, String>((status, body))
        };
        match tokio::time::timeout(REQUEST_TIMEOUT, attempt).await {
            Ok(Ok((status, body))) => Outcome::Answered(status, body),
            Ok(Err(error)) => {
                // Whatever broke, the next request starts on a new connection.
                self.sender = None;
                Outcome::Failed(error)
            }
            Err(_) => {
                self.sender = None;
                Outcome::Failed("timeout (30 s)".to_owned())
            }
        }
    }
}

/// A request that got no answer, by kind: the connection reset, closed mid-answer, …
fn describe(error: hyper::Error) -> String {
    use std::error::Error;
    let io = error
        .source()
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .map(|io| format!("{:?}", io.kind()));
    match io {
        Some(kind) => format!("socket: {kind}"),
        None if error.is_incomplete_message() => "connection closed before the answer".to_owned(),
        None => format!("http: {error}"),
    }
}

/// What one client measured.
#[derive(Default)]
struct Tally {
    latencies: BTreeMap<&'static str, Vec<u32>>,
    errors: BTreeMap<String, u64>,
    created: u64,
    revoked: u64,
    left_behind: u64,
    reconnects: u64,
}

impl Tally {
    fn record(&mut self, kind: &'static str, started: Instant, outcome: &Outcome, ok: StatusCode) {
        match outcome {
            Outcome::Answered(status, _) if *status == ok => {
                let micros = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
                self.latencies.entry(kind).or_default().push(micros);
            }
            Outcome::Answered(status, _) => {
                *self
                    .errors
                    .entry(format!("{kind}: HTTP {}", status.as_u16()))
                    .or_default() += 1;
            }
            Outcome::Failed(error) => {
                *self.errors.entry(format!("{kind}: {error}")).or_default() += 1;
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        for (kind, mut values) in other.latencies {
            self.latencies.entry(kind).or_default().append(&mut values);
        }
        for (kind, n) in other.errors {
            *self.errors.entry(kind).or_default() += n;
        }
        self.created += other.created;
        self.revoked += other.revoked;
        self.left_behind += other.left_behind;
        self.reconnects += other.reconnects;
    }
}

/// A small, seeded generator: each client's mix is its own and repeatable.
struct XorShift(u64);

impl XorShift {
    fn percent(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % 100
    }
}

async fn closed_loop(addr: SocketAddr, token: Arc<str>, index: usize, until: Instant) -> Tally {
    let mut client = Client::new(addr, token);
    let mut tally = Tally::default();
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15 ^ (index as u64 + 1).wrapping_mul(0x2545_F491));
    let mut n = 0u64;
    while Instant::now() < until {
        n += 1;
        let pick = random.percent();
        if pick < 40 {
            let started = Instant::now();
            let outcome = client.send(Method::GET, "/api-keys?limit=50", None).await;
            tally.record("list", started, &outcome, StatusCode::OK);
        } else if pick < 80 {
            let started = Instant::now();
            let outcome = client.send(Method::GET, "/me", None).await;
            tally.record("me", started, &outcome, StatusCode::OK);
        } else {
            let started = Instant::now();
            let label = json!({ "label": format!("load {index}-{n}") });
            let outcome = client.send(Method::POST, "/api-keys", Some(label)).await;
            tally.record("create", started, &outcome, StatusCode::CREATED);
            let id = match &outcome {
                Outcome::Answered(StatusCode::CREATED, body) => {
                    serde_json::from_slice::<Value>(body)
                        .ok()
                        .and_then(|v| v["data"]["id"].as_i64())
                }
                _ => None,
            };
            let Some(id) = id else { continue };
            tally.created += 1;
            let started = Instant::now();
            let outcome = client
                .send(Method::DELETE, &format!("/api-keys/{id}"), None)
                .await;
            tally.record("revoke", started, &outcome, StatusCode::OK);
            match outcome {
                Outcome::Answered(StatusCode::OK, _) => tally.revoked += 1,
                _ => tally.left_behind += 1,
            }
        }
    }
    tally.reconnects = client.reconnects;
    tally
}

/// `/health` every 20 ms on a connection of its own, until `until`.
async fn health_probe(addr: SocketAddr, until: Instant) -> Tally {
    let mut client = Client::new(addr, Arc::from(""));
    let mut tally = Tally::default();
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    while Instant::now() < until {
        tick.tick().await;
        let started = Instant::now();
        let outcome = client.send(Method::GET, "/health", None).await;
        tally.record("health", started, &outcome, StatusCode::OK);
    }
    tally
}

/// Keys the account holds, by the server's own count.
async fn keys_on_server(addr: SocketAddr, token: &Arc<str>) -> Result<u64, String> {
    let mut client = Client::new(addr, Arc::clone(token));
    match client.send(Method::GET, "/api-keys?limit=1", None).await {
        Outcome::Answered(StatusCode::OK, body) => serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| v["pagination"]["total"].as_u64())
            .ok_or_else(|| "the list's answer has no pagination.total".to_owned()),
        Outcome::Answered(status, _) => Err(format!("listing keys: HTTP {status}")),
        Outcome::Failed(error) => Err(format!("listing keys: {error}")),
    }
}

async fn session_token(addr: SocketAddr) -> Result<Arc<str>, String> {
    let mut client = Client::new(addr, Arc::from(""));
    let body = json!({ "email": lev_server::seed::ADMIN });
    match client
        .exchange(Method::POST, "/dev/sessions".to_owned(), Some(body))
        .await
    {
        Outcome::Answered(StatusCode::CREATED, body) => serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| v["data"]["token"].as_str().map(Arc::from))
            .ok_or_else(|| format!("no session token in {}", String::from_utf8_lossy(&body))),
        Outcome::Answered(status, _) => Err(format!("signing in: HTTP {status}")),
        Outcome::Failed(error) => Err(format!("signing in: {error}")),
    }
}

async fn one_run(level: Level, length: Duration) -> Result<Value, String> {
    let Level {
        clients,
        max_connections,
    } = level;
    match max_connections {
        Some(max) => println!(
            "load: {clients} clients for {} s, --max-connections {max}",
            length.as_secs()
        ),
        None => println!("load: {clients} clients for {} s", length.as_secs()),
    }
    let server = Server::start(max_connections)?;
    let addr = server.addr;
    let token = session_token(addr).await?;
    let keys_before = keys_on_server(addr, &token).await?;
    let started = Instant::now();
    let until = started + length;
    let probe = tokio::spawn(health_probe(addr, until));
    let tasks: Vec<_> = (0..clients)
        .map(|index| tokio::spawn(closed_loop(addr, Arc::clone(&token), index, until)))
        .collect();
    let mut total = Tally::default();
    for task in tasks {
        total.merge(task.await.map_err(|e| format!("a client panicked: {e}"))?);
    }
    let took = started.elapsed();
    let health = probe
        .await
        .map_err(|e| format!("the probe panicked: {e}"))?;
    let keys_after = keys_on_server(addr, &token).await?;
    let exit = server.stop();

    let ops: usize = total.latencies.values().map(Vec::len).sum();
    let errors: u64 = total.errors.values().sum();
    let mut latency = serde_json::Map::new();
    for (kind, values) in total
        .latencies
        .iter_mut()
        .chain(health.latencies.clone().iter_mut())
    {
        values.sort_unstable();
        latency.insert(
            (*kind).to_owned(),
            json!({ "count": values.len(), "p50_ms": percentile(values, 50), "p99_ms": percentile(values, 99) }),
        );
    }
    let mut all: Vec<u32> = total.latencies.values().flatten().copied().collect();
    all.sort_unstable();
    Ok(json!({
        "clients": clients,
        "max_connections": max_connections,
        "seconds": took.as_secs_f64(),
        "operations": ops,
        "ops_per_second": ops as f64 / took.as_secs_f64(),
        "p50_ms": percentile(&all, 50),
        "p99_ms": percentile(&all, 99),
        "latency": latency,
        "errors": errors,
        "errors_by_kind": total.errors,
        "health_errors": health.errors,
        "created": total.created,
        "revoked": total.revoked,
        "left_behind_by_clients": total.left_behind,
        "left_behind_on_server": keys_after.saturating_sub(keys_before),
        "connections_handed_over": total.reconnects,
        "server_exit": exit,
    }))
}

/// The `p`th percentile of sorted microseconds, in milliseconds.
fn percentile(sorted: &[u32], p: usize) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = (sorted.len() * p).div_ceil(100).saturating_sub(1);
    f64::from(sorted[index.min(sorted.len() - 1)]) / 1000.0
}

fn print_report(report: &Value) {
    let num = |key: &str| report[key].as_f64().unwrap_or(0.0);
    let health = &report["latency"]["health"];
    println!(
        "  {} clients: {:.0} ops/s ({} in {:.1} s), p50 {:.1} ms, p99 {:.1} ms; errors {}; created {}, revoked {}, left behind {} (server's count {}); /health p50 {:.1} ms, p99 {:.1} ms; connections handed over {}; server {}",
        report["clients"],
        num("ops_per_second"),
        report["operations"],
        num("seconds"),
        num("p50_ms"),
        num("p99_ms"),
        report["errors"],
        report["created"],
        report["revoked"],
        report["left_behind_by_clients"],
        report["left_behind_on_server"],
        health["p50_ms"].as_f64().unwrap_or(0.0),
        health["p99_ms"].as_f64().unwrap_or(0.0),
        report["connections_handed_over"],
        report["server_exit"].as_str().unwrap_or(""),
    );
    if let Some(kinds) = report["errors_by_kind"].as_object() {
        for (kind, n) in kinds {
            println!("    {n} × {kind}");
        }
    }
    if let Some(kinds) = report["health_errors"].as_object() {
        for (kind, n) in kinds {
            println!("    /health: {n} × {kind}");
        }
    }
}
