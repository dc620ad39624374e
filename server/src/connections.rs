//! Serving TCP connections with limits of their own, so that clients that connect and then
//! send nothing, or trickle a request's head, or keep an idle connection, cannot hold the
//! server's connections (and file descriptors) until it stops answering — and so that a
//! well-behaved client is never cut off for it:
//! - hyper's header-read timeout cuts off a request head that has not fully arrived in time;
//! - a connection idle for the keep-alive timeout (no request in it, no byte either way) is
//!   closed;
//! - at the cap of open connections no more are accepted (the kernel's backlog holds them)
//!   until there is room: a connection closes; or one idle between requests for at least the
//!   eviction threshold is closed (never one answering a request or receiving one); or, when
//!   none is that idle, the next answer any connection sends carries `Connection: close`, so
//!   its client opens a new connection for its next request instead of sending it into a
//!   closed socket.
//!
//! It also records when each request's first byte arrived, so that the request time limit
//! counts from there rather than from the end of its head.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch, Notify};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::ServiceExt;

/// The limits every connection is held to.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// A request head must have arrived this long after the connection was ready for it.
    pub header_read_timeout: Duration,
    /// A connection with no request and no traffic for this long is closed.
    pub idle_timeout: Duration,
    /// Open connections at most.
    pub max_connections: usize,
    /// At the cap, a connection idle between requests for at least this long may be closed to
    /// make room for a new one.
    pub evict_idle: Duration,
}

/// The largest cap [`cap_for_descriptors`] gives, whatever the descriptor limit: each open
/// connection also holds buffers (some kilobytes).
pub const MAX_DEFAULT_CONNECTIONS: usize = 16_384;

/// The open-connection cap that fits `limit` file descriptors (the process's `RLIMIT_NOFILE`):
/// one per connection, less a reserve for the database, the files being served and the
/// listener (an eighth of the limit, at least 64), at most [`MAX_DEFAULT_CONNECTIONS`].
pub fn cap_for_descriptors(limit: u64) -> usize {
    let reserve = (limit / 8).max(64);
    let cap = usize::try_from(limit.saturating_sub(reserve)).unwrap_or(usize::MAX);
    cap.clamp(16, MAX_DEFAULT_CONNECTIONS)
}

/// The cap that fits this process's file-descriptor limit as it is now (its soft limit).
pub fn default_max_connections() -> usize {
    #[cfg(unix)]
    let limit = rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1_024, |(soft, _)| soft);
    #[cfg(not(unix))]
    let limit = 1_024;
    cap_for_descriptors(limit)
}

/// When the request being served began to arrive (its first byte), as a request extension.
#[derive(Debug, Clone, Copy)]
pub struct RequestArrival(pub Instant);

/// What one connection is doing, updated by its stream and its service.
#[derive(Debug)]
struct Activity {
    /// Requests being answered.
    in_flight: usize,
    /// Since when the connection has had no request in it and no traffic; `None` while a
    /// request arrives or is answered.
    idle_since: Option<Instant>,
    /// The first byte of the request head now arriving.
    first_byte: Option<Instant>,
    /// Chosen to make room: closed if still between requests, else after its answer.
    closing: bool,
}

impl Activity {
    fn new(now: Instant) -> Self {
        Self {
            in_flight: 0,
            idle_since: Some(now),
            first_byte: None,
            closing: false,
        }
    }

    fn bytes_arrived(&mut self, now: Instant) {
        if self.in_flight == 0 {
            self.idle_since = None;
            self.first_byte.get_or_insert(now);
        }
    }

    /// The tail of a response still streaming after its handler returned keeps the connection
    /// from counting as idle.
    fn bytes_sent(&mut self, now: Instant) {
        if self.idle_since.is_some() {
            self.idle_since = Some(now);
        }
    }

    fn begin(&mut self, now: Instant) -> Instant {
        self.in_flight += 1;
        self.idle_since = None;
        self.first_byte.take().unwrap_or(now)
    }

    fn end(&mut self, now: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if self.in_flight == 0 {
            self.idle_since = Some(now);
        }
    }

    /// Since when it has been between requests: nothing being answered, no byte of a next
    /// request arrived (a head arriving clears `idle_since`).
    fn between_requests_since(&self) -> Option<Instant> {
        (self.in_flight == 0).then_some(self.idle_since)?
    }
}

/// The lock of data that stays consistent whatever a panicking holder did (counters, times).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One open connection, as the registry sees it.
struct Tracked {
    activity: Arc<Mutex<Activity>>,
    close: Arc<Notify>,
}

/// How many answers still to send with `Connection: close`, so that clients waiting in the
/// backlog get a place when every connection is busy. Each such answer ends its connection
/// cleanly: its client reads that it closes and sends its next request on a new one.
#[derive(Default)]
struct Handover(AtomicUsize);

impl Handover {
    fn ask(&self, answers: usize) {
        self.0.store(answers, Ordering::Release);
    }

    /// Whether this answer is one of them (at most as many as were asked for).
    fn take_one(&self) -> bool {
        self.0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
            .is_ok()
    }
}

/// What [`Registry::make_room`] could do.
#[derive(Debug, PartialEq, Eq)]
enum Room {
    /// There is room, or a connection idle long enough was closed to make it.
    Made,
    /// No connection has been idle long enough; the first may be at this time.
    At(Instant),
    /// Every connection is answering or receiving a request.
    Busy,
}

/// The open connections.
#[derive(Default)]
struct Registry {
    next_id: u64,
    open: HashMap<u64, Tracked>,
}

impl Registry {
    /// Makes room under `max` open connections if it can: closes the connection that has been
    /// between requests the longest, if for at least `evict_idle`.
    fn make_room(&mut self, max: usize, evict_idle: Duration, now: Instant) -> Room {
        if self.open.len() < max {
            return Room::Made;
        }
        let longest_idle = self
            .open
            .iter()
            .filter_map(|(id, t)| Some((*id, lock(&t.activity).between_requests_since()?)))
            .min_by_key(|(_, since)| *since);
        match longest_idle {
            None => Room::Busy,
            Some((_, since)) if now < since + evict_idle => Room::At(since + evict_idle),
            Some((id, _)) => {
                if let Some(evicted) = self.open.remove(&id) {
                    lock(&evicted.activity).closing = true;
                    evicted.close.notify_one();
                }
                Room::Made
            }
        }
    }

    /// Registers a new connection.
    fn admit(&mut self, now: Instant) -> (u64, Tracked) {
        let id = self.next_id;
        self.next_id += 1;
        let tracked = Tracked {
            activity: Arc::new(Mutex::new(Activity::new(now))),
            close: Arc::new(Notify::new()),
        };
        let handles = Tracked {
            activity: Arc::clone(&tracked.activity),
            close: Arc::clone(&tracked.close),
        };
        self.open.insert(id, tracked);
        (id, handles)
    }
}

/// A TCP stream that tells its connection's [`Activity`] when bytes move.
struct Watched {
    inner: TcpStream,
    activity: Arc<Mutex<Activity>>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            lock(&self.activity).bytes_arrived(Instant::now());
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.note_sent(&polled);
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.note_sent(&polled);
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl Watched {
    fn note_sent(&self, polled: &Poll<io::Result<usize>>) {
        if matches!(polled, Poll::Ready(Ok(n)) if *n > 0) {
            lock(&self.activity).bytes_sent(Instant::now());
        }
    }
}

/// A request being answered; when it is dropped (answered, or the client went away) the
/// connection may become idle.
struct InFlight(Arc<Mutex<Activity>>);

impl Drop for InFlight {
    fn drop(&mut self) {
        lock(&self.0).end(Instant::now());
    }
}

/// Serves `router` on `listener` until `stop` fires; then stops accepting, lets each
/// connection finish the request it is answering, and returns when all are closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    mut stop: oneshot::Receiver<()>,
) {
    let (stopping, stop_watch) = watch::channel(false);
    let registry = Arc::new(Mutex::new(Registry::default()));
    let handover = Arc::new(Handover::default());
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors, say: wait a moment rather than spin.
                        tracing::warn!(%error, "cannot accept a connection");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                // No Nagle delay: ServeDir writes headers and body separately, and with Nagle
                // the body waited for the peer's delayed ACK (~40 ms on loopback).
                if let Err(error) = stream.set_nodelay(true) {
                    tracing::warn!(%error, "TCP_NODELAY");
                }
                // At the cap this one waits, unread, and the others wait in the backlog.
                let waited = WaitForRoom {
                    registry: &registry,
                    handover: &handover,
                    limits,
                };
                if !waited.wait(&mut connections, &mut stop).await {
                    break;
                }
                let (id, tracked) = lock(&registry).admit(Instant::now());
                let connection = Connection {
                    stream,
                    peer,
                    tracked,
                    handover: Arc::clone(&handover),
                    limits,
                    stopping: stop_watch.clone(),
                };
                let (router, registry) = (router.clone(), Arc::clone(&registry));
                connections.spawn(async move {
                    connection.serve(router).await;
                    lock(&registry).open.remove(&id);
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = stopping.send(true);
    while connections.join_next().await.is_some() {}
}

/// An accepted connection's wait for a place under the cap.
struct WaitForRoom<'a> {
    registry: &'a Mutex<Registry>,
    handover: &'a Handover,
    limits: ConnectionLimits,
}

impl WaitForRoom<'_> {
    /// Returns once there is room (true), or when `stop` fires (false).
    async fn wait(&self, connections: &mut JoinSet<()>, stop: &mut oneshot::Receiver<()>) -> bool {
        let mut waiting_since = None;
        let made = loop {
            let now = Instant::now();
            let room = lock(self.registry).make_room(
                self.limits.max_connections,
                self.limits.evict_idle,
                now,
            );
            // When none is idle for long enough, a connection that is busy now may be in a
            // moment: look again then.
            let look_again = match room {
                Room::Made => break true,
                Room::At(at) => at,
                Room::Busy => now + self.limits.evict_idle,
            };
            if waiting_since.is_none() {
                waiting_since = Some(now);
                tracing::debug!(
                    max = self.limits.max_connections,
                    "at the connection cap: a new connection waits for room"
                );
                // One answer that closes its connection makes the room this one needs.
                self.handover.ask(1);
            }
            tokio::select! {
                _ = &mut *stop => break false,
                // A connection ended (its task leaves the registry as it ends).
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
                () = tokio::time::sleep_until(look_again) => {}
            }
        };
        if waiting_since.is_some() {
            self.handover.ask(0);
        }
        made
    }
}

/// One accepted connection and what it needs to be served.
struct Connection {
    stream: TcpStream,
    peer: SocketAddr,
    tracked: Tracked,
    handover: Arc<Handover>,
    limits: ConnectionLimits,
    stopping: watch::Receiver<bool>,
}

impl Connection {
    async fn serve(self, router: Router) {
        let Self {
            stream,
            peer,
            tracked: Tracked { activity, close },
            handover,
            limits,
            mut stopping,
        } = self;
        let service = {
            let activity = Arc::clone(&activity);
            hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                let arrived = lock(&activity).begin(Instant::now());
                let in_flight = InFlight(Arc::clone(&activity));
                request.extensions_mut().insert(ConnectInfo(peer));
                request.extensions_mut().insert(RequestArrival(arrived));
                let router = router.clone();
                let (activity, handover) = (Arc::clone(&activity), Arc::clone(&handover));
                async move {
                    let mut response = router.oneshot(request).await;
                    if let Ok(response) = &mut response {
                        // hyper reads the header and closes the connection after this answer.
                        if lock(&activity).closing || handover.take_one() {
                            response
                                .headers_mut()
                                .insert(header::CONNECTION, HeaderValue::from_static("close"));
                        }
                    }
                    drop(in_flight);
                    response
                }
            })
        };
        let io = TokioIo::new(Watched {
            inner: stream,
            activity: Arc::clone(&activity),
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .keep_alive(true);
        let connection = builder.serve_connection(io, service);
        tokio::pin!(connection);
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(error) = served {
                    tracing::debug!(%peer, %error, "connection ended");
                }
            }
            () = idle_for(&activity, limits.idle_timeout) => {
                tracing::debug!(%peer, "idle connection closed");
            }
            () = close.notified() => {
                let between_requests = lock(&activity).between_requests_since().is_some();
                if between_requests {
                    tracing::debug!(%peer, "idle connection closed to make room for a new one");
                } else {
                    // A request began arriving after it was chosen: answer it, then close
                    // (`closing` puts `Connection: close` on the answer).
                    let _ = connection.as_mut().await;
                }
            }
            // The value only ever turns true, once; a sender gone means stopping too.
            _ = stopping.changed() => {
                connection.as_mut().graceful_shutdown();
                let _ = connection.as_mut().await;
            }
        }
    }
}

/// Resolves once the connection has been idle for `limit`.
async fn idle_for(activity: &Mutex<Activity>, limit: Duration) {
    loop {
        let since = lock(activity).idle_since;
        match since {
            Some(since) if since.elapsed() >= limit => return,
            Some(since) => tokio::time::sleep_until(since + limit).await,
            None => tokio::time::sleep(limit).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn at_the_cap_only_a_connection_idle_between_requests_long_enough_makes_room() {
        let start = Instant::now();
        let mut registry = Registry::default();
        assert_eq!(registry.make_room(3, SECOND, start), Room::Made);
        let (first, first_handles) = registry.admit(start);
        let (second, _) = registry.admit(start);
        let (third, _) = registry.admit(start);
        // The second is answering a request, the third receiving one: neither may be closed.
        lock(&registry.open[&second].activity).begin(start);
        lock(&registry.open[&third].activity).bytes_arrived(start);
        // The first has been idle for half the threshold: not yet, and when.
        let half = start + SECOND / 2;
        assert_eq!(
            registry.make_room(3, SECOND, half),
            Room::At(start + SECOND)
        );
        assert_eq!(registry.open.len(), 3);
        // Once it has been idle for the threshold, it makes room, told to close.
        assert_eq!(registry.make_room(3, SECOND, start + SECOND), Room::Made);
        assert!(!registry.open.contains_key(&first));
        assert!(lock(&first_handles.activity).closing);
        assert!(futures_util::FutureExt::now_or_never(first_handles.close.notified()).is_some());
        // The one admitted in its place answers too: the three stay however long it takes.
        let (_, fourth) = registry.admit(start + SECOND);
        lock(&fourth.activity).begin(start + SECOND);
        assert_eq!(
            registry.make_room(3, SECOND, start + 60 * SECOND),
            Room::Busy
        );
        assert_eq!(registry.open.len(), 3);
    }

    #[test]
    fn a_connection_that_just_answered_is_not_idle_long_enough() {
        let start = Instant::now();
        let mut registry = Registry::default();
        let (_, only) = registry.admit(start);
        lock(&only.activity).begin(start);
        lock(&only.activity).end(start + 10 * SECOND);
        let just_after = start + 10 * SECOND + Duration::from_millis(1);
        assert_eq!(
            registry.make_room(1, SECOND, just_after),
            Room::At(start + 11 * SECOND)
        );
    }

    #[test]
    fn the_handover_closes_as_many_answers_as_asked() {
        let handover = Handover::default();
        assert!(!handover.take_one());
        handover.ask(1);
        assert!(handover.take_one());
        assert!(!handover.take_one());
        handover.ask(1);
        handover.ask(0);
        assert!(!handover.take_one());
    }

    #[test]
    fn the_default_cap_fits_the_descriptor_limit() {
        assert_eq!(cap_for_descriptors(1_024), 896);
        assert_eq!(cap_for_descriptors(20_000), 16_384);
        assert_eq!(cap_for_descriptors(256), 192);
        assert_eq!(cap_for_descriptors(10), 16);
        assert_eq!(cap_for_descriptors(1 << 20), MAX_DEFAULT_CONNECTIONS);
    }

    #[test]
    fn a_request_counts_from_its_first_byte() {
        let start = Instant::now();
        let mut activity = Activity::new(start);
        activity.bytes_arrived(start + Duration::from_secs(3));
        activity.bytes_arrived(start + Duration::from_secs(5));
        assert_eq!(activity.idle_since, None);
        assert_eq!(
            activity.begin(start + Duration::from_secs(6)),
            start + Duration::from_secs(3)
        );
        // Its body arriving changes nothing; the answer makes the connection idle again.
        activity.bytes_arrived(start + Duration::from_secs(7));
        activity.end(start + Duration::from_secs(8));
        assert_eq!(activity.idle_since, Some(start + Duration::from_secs(8)));
        assert_eq!(activity.first_byte, None);
    }
}
