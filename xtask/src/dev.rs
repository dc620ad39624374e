//! `cargo xtask dev`: builds the app, starts the local Lev API serving it on one origin, and
//! rebuilds the app when its sources change. Ctrl-C stops everything.

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::build::{build_app, build_server};
use crate::proc::{self, command};
use crate::setup;

const DEFAULT_PORT: u16 = 8080;
/// The seeded admin the printed link signs in.
const DEMO_USER: &str = "jane@acme.example";

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
    let mut server = Command::new(&server_bin)
        .current_dir(proc::root())
        .arg("--addr")
        .arg(addr.to_string())
        .arg("--db")
        .arg(&db)
        .arg("--seed")
        .arg("--dist")
        .arg(&dist)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let mut watch_cmd = command("trunk");
    watch_cmd
        .args(["watch", "--dist"])
        .arg(&dist)
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    if options.release {
        watch_cmd.arg("--release");
    }
    let mut watcher = watch_cmd
        .spawn()
        .map_err(|e| format!("cannot start trunk watch: {e}"))?;

    let url = format!("http://{addr}");
    println!();
    println!("  Lev API Keys tab is running with the local Lev API.");
    println!();
    println!("  Open      {url}/dev/sign-in?as={DEMO_USER}");
    println!("            (signs you in as Jane Smith, admin of Acme Capital, and opens Settings → API Keys)");
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
    let _ = server.wait();
    let _ = watcher.wait();
    outcome
}
