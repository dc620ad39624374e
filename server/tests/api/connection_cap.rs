//! The connection cap over real sockets: at the cap the server stops accepting and makes room
//! only by closing connections idle between requests for the eviction threshold, or by ending
//! a busy one cleanly (`Connection: close` on its answer). Clients sending back to back never
//! see a reset; silent connections still get closed, and `/health` still answers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use lev_server::Config;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::abuse::{closed_within, limited};
use crate::support::*;

/// A server with a cap of `max`, an eviction threshold of `evict_ms` and timeouts far away,
/// so that only the cap closes connections.
async fn capped(max: usize, evict_ms: u64) -> Harness {
    harness_with(Config {
        header_read_timeout: Duration::from_secs(60),
        idle_timeout: Duration::from_secs(60),
        max_connections: max,
        evict_idle: Duration::from_millis(evict_ms),
        // Thousands of requests from one address: the budgets are not what is tested here.
        rate_limits: false,
        ..dev()
    })
    .await
}

/// What a client saw.
#[derive(Default)]
struct Seen {
    answered: AtomicUsize,
    /// A request sent that got no answer: the connection reset or closed under it.
    failed: AtomicUsize,
    /// Connections the server ended cleanly between requests (`Connection: close`).
    handed_over: AtomicUsize,
}

/// Sends `requests` GETs of `/health` back to back on one kept-alive connection, opening a
/// new one only when the server closed the last one cleanly. hyper's own connection, not a
/// pooled client: a pool retries a request that hit a closed connection and would hide it.
async fn back_to_back(addr: std::net::SocketAddr, requests: usize, seen: Arc<Seen>) {
    let mut sent = 0;
    while sent < requests {
        let stream = TcpStream::connect(addr).await.expect("connect");
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("handshake");
        tokio::spawn(connection);
        while sent < requests {
            if sender.ready().await.is_err() {
                // Closed after an answer that said so: a new connection for the next.
                seen.handed_over.fetch_add(1, Ordering::Relaxed);
                break;
            }
            let request = hyper::Request::get("/api/external/v2/health")
                .header(hyper::header::HOST, addr.to_string())
                .body(Empty::<Bytes>::new())
                .expect("request");
            sent += 1;
            match sender.send_request(request).await {
                Ok(response) => {
                    assert_eq!(response.status(), StatusCode::OK);
                    let body = response.into_body().collect().await;
                    match body {
                        Ok(_) => seen.answered.fetch_add(1, Ordering::Relaxed),
                        Err(_) => seen.failed.fetch_add(1, Ordering::Relaxed),
                    };
                }
                Err(error) => {
                    eprintln!("request failed: {error:?}");
                    seen.failed.fetch_add(1, Ordering::Relaxed);
                    break;
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn at_a_cap_of_20_sixty_clients_back_to_back_see_no_reset_and_silent_ones_are_closed() {
    let h = capped(20, 300).await;
    let addr = h.server.addr();
    // Five connections that never send a byte hold places first.
    let mut silent = Vec::new();
    for _ in 0..5 {
        silent.push(TcpStream::connect(addr).await.expect("connect"));
    }
    let seen = Arc::new(Seen::default());
    let clients: Vec<_> = (0..60)
        .map(|_| tokio::spawn(back_to_back(addr, 40, Arc::clone(&seen))))
        .collect();
    let start = Instant::now();
    for stream in &mut silent {
        closed_within(stream, Duration::from_secs(10)).await;
    }
    assert!(
        start.elapsed() >= Duration::from_millis(250),
        "closed only once idle for the threshold: {:?}",
        start.elapsed()
    );
    for client in clients {
        tokio::time::timeout(Duration::from_secs(60), client)
            .await
            .expect("every client finishes")
            .expect("client task");
    }
    let (answered, failed, handed_over) = (
        seen.answered.load(Ordering::Relaxed),
        seen.failed.load(Ordering::Relaxed),
        seen.handed_over.load(Ordering::Relaxed),
    );
    eprintln!("answered {answered}, failed {failed}, connections handed over {handed_over}");
    assert_eq!(failed, 0, "a request that got no answer");
    assert_eq!(answered, 60 * 40);
    // The 40 beyond the cap got in only because busy connections were handed over.
    assert!(handed_over >= 40, "{handed_over}");
}

#[tokio::test]
async fn a_connection_answering_a_slow_request_is_never_closed_to_make_room() {
    let h = capped(1, 100).await;
    let addr = h.server.addr();
    // One connection answering a request whose body is slow to come: it is not idle.
    let mut slow = TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST /api/external/v2/auth/validate-api-key HTTP/1.1\r\nHost: {addr}\r\nX-Origin-App: t\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{{"
    );
    slow.write_all(head.as_bytes()).await.expect("head");
    // A second client waits in the backlog for longer than the threshold.
    let waiting = tokio::spawn({
        let http = h.http.clone();
        let url = h.api("/health");
        async move { http.get(url).send().await.map(|r| r.status()) }
    });
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(
        !waiting.is_finished(),
        "the cap holds the second client back"
    );
    // The first request completes and is answered in full, then the waiting one gets in.
    slow.write_all(b"}").await.expect("body");
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = slow.read(&mut buf).await.expect("answer, not a reset");
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
    }
    let answer = String::from_utf8_lossy(&answer).to_ascii_lowercase();
    assert!(answer.starts_with("http/1.1 "), "{answer}");
    assert!(
        answer.contains("connection: close"),
        "handed over cleanly: {answer}"
    );
    let status = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("the waiting client gets in")
        .expect("task")
        .expect("answered");
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn with_the_cap_reached_by_silent_connections_health_still_answers() {
    // Timeouts far away: only the cap can make room, 300 ms after each was last heard from.
    let h = capped(20, 300).await;
    let mut held = Vec::new();
    for _ in 0..60 {
        held.push(TcpStream::connect(h.server.addr()).await.expect("connect"));
    }
    // The three oldest are among the first closed to make room, not before the threshold.
    let start = Instant::now();
    for stream in held.iter_mut().take(3) {
        closed_within(stream, Duration::from_secs(2)).await;
    }
    assert!(
        start.elapsed() >= Duration::from_millis(250),
        "{:?}",
        start.elapsed()
    );
    let response = h
        .http
        .get(h.api("/health"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("health answers with the cap reached");
    assert_eq!(response.status(), StatusCode::OK);
    // 60 silent ones ahead of it, 20 at a time, 300 ms each round.
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn the_default_cap_is_sized_from_the_descriptor_limit() {
    let h = limited(10, 5, lev_server::default_max_connections()).await;
    assert!(lev_server::default_max_connections() >= 16);
    let response = h.http.get(h.api("/health")).send().await.expect("health");
    assert_eq!(response.status(), StatusCode::OK);
}
