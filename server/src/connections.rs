//! Serving TCP connections with limits of their own, so that clients that connect and then
//! send nothing, or trickle a request's head, or keep an idle connection, cannot hold the
//! server's connections (and file descriptors) until it stops answering:
//! - hyper's header-read timeout cuts off a request head that has not fully arrived in time;
//! - a connection idle for the keep-alive timeout (no request in it, no byte either way) is
//!   closed;
//! - at the cap of open connections, a new one takes the place of the longest-idle one (a
//!   connection with no request in flight); when every connection is busy it is refused.
//!
//! It also records when each request's first byte arrived, so that the request time limit
//! counts from there rather than from the end of its head.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::ConnectInfo;
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
}

impl Activity {
    fn new(now: Instant) -> Self {
        Self {
            in_flight: 0,
            idle_since: Some(now),
            first_byte: None,
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

    /// Since when it could be closed to make room: idle, or a head still arriving.
    fn evictable_since(&self) -> Option<Instant> {
        (self.in_flight == 0).then(|| self.idle_since.or(self.first_byte))?
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

/// The open connections.
#[derive(Default)]
struct Registry {
    next_id: u64,
    open: HashMap<u64, Tracked>,
}

impl Registry {
    /// Makes room for a new connection (closing the longest-idle one at the cap) and
    /// registers it; `None` when the cap is reached and every connection is busy.
    fn admit(&mut self, max: usize, now: Instant) -> Option<(u64, Tracked)> {
        if self.open.len() >= max {
            let longest_idle = self
                .open
                .iter()
                .filter_map(|(id, t)| Some((*id, lock(&t.activity).evictable_since()?)))
                .min_by_key(|(_, since)| *since)
                .map(|(id, _)| id)?;
            if let Some(evicted) = self.open.remove(&longest_idle) {
                evicted.close.notify_one();
            }
        }
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
        Some((id, handles))
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
    stop: oneshot::Receiver<()>,
) {
    let (stopping, stop_watch) = watch::channel(false);
    let registry = Arc::new(Mutex::new(Registry::default()));
    let mut connections = JoinSet::new();
    tokio::pin!(stop);
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
                let admitted = lock(&registry).admit(limits.max_connections, Instant::now());
                let Some((id, tracked)) = admitted else {
                    tracing::warn!(%peer, max = limits.max_connections, "every connection is busy: refused one");
                    continue;
                };
                let connection = Connection {
                    stream,
                    peer,
                    tracked,
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

/// One accepted connection and what it needs to be served.
struct Connection {
    stream: TcpStream,
    peer: SocketAddr,
    tracked: Tracked,
    limits: ConnectionLimits,
    stopping: watch::Receiver<bool>,
}

impl Connection {
    async fn serve(self, router: Router) {
        let Self {
            stream,
            peer,
            tracked: Tracked { activity, close },
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
                async move {
                    let response = router.oneshot(request).await;
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
                tracing::debug!(%peer, "idle connection closed to make room for a new one");
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

    #[test]
    fn at_the_cap_the_longest_idle_connection_makes_room() {
        let start = Instant::now();
        let mut registry = Registry::default();
        let (first, first_handles) = registry.admit(2, start).expect("room");
        let (second, _) = registry
            .admit(2, start + Duration::from_secs(1))
            .expect("room");
        // The second one is answering a request: never evicted.
        lock(&registry.open[&second].activity).begin(start);
        let (third, _) = registry
            .admit(2, start + Duration::from_secs(2))
            .expect("the first made room");
        assert!(!registry.open.contains_key(&first));
        assert!(registry.open.contains_key(&second) && registry.open.contains_key(&third));
        // The evicted connection is told to close (a stored permit: its task may not wait yet).
        assert!(futures_util::FutureExt::now_or_never(first_handles.close.notified()).is_some());
        // Both remaining busy: a fourth is refused.
        lock(&registry.open[&third].activity).begin(start);
        assert!(registry.admit(2, start).is_none());
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
