//! `cargo xtask dev`: builds the app, starts the local Lev API serving it on one origin, and
//! rebuilds the app when its sources change. Ctrl-C stops everything.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crate::build::{build_app, build_server};
use crate::proc;
use crate::setup;

const DEFAULT_PORT: u16 = 8080;
/// How long a child gets to stop after Ctrl-C before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(8);

struct Options {
    port: u16,
    release: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        port: DEFAULT_PORT,
        release: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--release" => options.release = true,
            "--port" => {
                let value = args
                    .next()
                    .ok_or("--port needs a number, for example --port 8090")?;
                options.port = value
                    .parse()
                    .map_err(|_| format!("--port takes a number from 1 to 65535, not `{value}`"))?;
            }
            other => {
                return Err(format!(
                    "unknown option `{other}` (dev takes --port N and --release)"
                ))
            }
        }
    }
    Ok(options)
}

/// Fails with a clear sentence when the port is taken, before anything slow happens.
fn check_port(addr: SocketAddr) -> Result<(), String> {
    TcpListener::bind(addr).map(drop).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "port {} is already in use. Stop what is using it, or run `cargo xtask dev --port {}`.",
                addr.port(),
                addr.port().wrapping_add(1)
            )
        } else {
            format!("cannot listen on {addr}: {e}")
        }
    })
}

fn interrupt(child: &Child) {
    // SIGINT lets the server finish in-flight requests and close the database cleanly.
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
}

/// Waits for `child` to exit, at most until `deadline`; then kills it. Never waits forever.
fn reap(child: &mut Child, name: &str, deadline: Instant) {
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return,
            Ok(None) if Instant::now() >= deadline => {
                eprintln!("{name} did not stop in time: killed");
                let _ = child.kill();
                let _ = child.wait();
                return;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Reads the server's output on a thread of its own (so the pipe never fills) and returns the
/// one-time sign-in link it prints at start.
fn one_time_link(server: &mut Child) -> Result<String, String> {
    let stdout = server
        .stdout
        .take()
        .ok_or("the server's output is not readable")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(link) = line.strip_prefix("one-time: ") {
                let link = link
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                if let Some(tx) = tx.take() {
                    let _ = tx.send(link);
                }
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(60))
        .map_err(|_| "the server did not print its sign-in link".to_owned())
}

/// `cargo xtask dev [--port N] [--release]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let addr = SocketAddr::from(([127, 0, 0, 1], options.port));
    check_port(addr)?;
    setup::ensure()?;
    let dist = proc::root().join("dist");
    build_app(options.release, &dist)?;
    let server_bin = build_server(options.release)?;

    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;

    let db = proc::root()
        .join("target")
        .join("lev-server")
        .join("dev.sqlite3");
    let mut server = Command::new(&server_bin);
    // Its own process group: the terminal's Ctrl-C reaches only xtask, which then asks the
    // server (and trunk) to stop once (a second Ctrl-C would make the server cut requests off).
    std::os::unix::process::CommandExt::process_group(&mut server, 0);
    let mut server = server
        .current_dir(proc::root())
        .arg("--addr")
        .arg(addr.to_string())
        .arg("--db")
        .arg(&db)
        .arg("--seed")
        .arg("--dist")
        .arg(&dist)
        .arg("--dev-sign-in")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let link = match one_time_link(&mut server) {
        Ok(link) => link,
        Err(error) => {
            interrupt(&server);
            reap(&mut server, "the server", Instant::now() + STOP_GRACE);
            return Err(error);
        }
    };
    let mut watch_cmd = crate::split::trunk()?;
    watch_cmd
        .args(["watch", "--dist"])
        .arg(&dist)
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    if options.release {
        watch_cmd.arg("--release");
    }
    std::os::unix::process::CommandExt::process_group(&mut watch_cmd, 0);
    let mut watcher = watch_cmd
        .spawn()
        .map_err(|e| format!("cannot start trunk watch: {e}"))?;

    let url = format!("http://{addr}");
    println!();
    println!("  Lev API Keys tab is running with the local Lev API.");
    println!();
    println!("  Open      {link}");
    println!("            (signs you in as Jane Smith, admin of Acme Capital, and opens Settings → API Keys;");
    println!("            the link works once, for 15 minutes)");
    println!("  Others    {url}/dev/sign-in  (member, disabled feature, two accounts, Free tier at its ceiling)");
    println!("  API       {url}/api/external/v2");
    println!("  Database  {}", db.display());
    println!();
    println!(
        "  Edits under src/ and style/ rebuild the app; reload the page. Ctrl-C stops everything."
    );
    println!();

    let outcome = loop {
        if stop.load(Ordering::SeqCst) {
            break Ok(());
        }
        if let Ok(Some(status)) = server.try_wait() {
            break Err(format!("the server stopped unexpectedly ({status})"));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    println!("stopping…");
    interrupt(&server);
    interrupt(&watcher);
    let deadline = Instant::now() + STOP_GRACE;
    reap(&mut server, "the server", deadline);
    reap(&mut watcher, "trunk watch", deadline);
    outcome
}
