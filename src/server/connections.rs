//! The HTTP/1.1 layer of `ctockg serve`: connections accepted on a tokio runtime and read by
//! hyper, each request handed to [`Endpoint::handle`] on a blocking thread of the runtime.
//!
//! What one client can hold is bounded:
//! - connections: at most [`ConnectionLimits::max_connections`] open, and
//!   [`ConnectionLimits::max_connections_per_client`] from one address; a connection past
//!   either is answered `503` at once and closed;
//! - time: a request's head must arrive within [`ConnectionLimits::head_timeout`] of the moment
//!   the server waits for it (the connection opened, or the previous response was sent),
//!   however slowly it drips in; its body within [`ConnectionLimits::body_timeout`]; a response
//!   the client stops reading for [`ConnectionLimits::write_timeout`] ends its connection.
//!
//! An idle or slow connection therefore costs a socket and a few kilobytes for a bounded time,
//! and no thread: a thread is taken only while a whole request is being answered.

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::{Body as HttpBody, Frame, Incoming, SizeHint};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Sleep;

use super::{Endpoint, ServerError, negotiate};

/// The stack of every thread that reads, plans or evaluates a query. Parsing and evaluating
/// recurse once per level of nesting, and a query is refused past
/// [`MAX_NESTING`](super::sparql::MAX_NESTING) brackets and
/// [`MAX_DEPTH`](super::sparql::MAX_DEPTH) levels of its algebra; a query at both limits uses
/// well under this (`tests/server.rs`, `deep_queries`). Only the pages a thread touches are
/// backed by memory.
pub const THREAD_STACK: usize = 64 << 20;

/// How many connections a server accepts, and how long it waits for their requests.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// Connections open at once; one more is answered 503 and closed.
    pub max_connections: usize,
    /// Connections open at once from one client address; one more is answered 503 and closed.
    pub max_connections_per_client: usize,
    /// Time to receive a request's whole head, from the moment the server waits for it.
    pub head_timeout: Duration,
    /// Time to receive a request's whole body, once its head is in.
    pub body_timeout: Duration,
    /// Time a response may wait for the client to read any of it.
    pub write_timeout: Duration,
    /// Bytes a request body may hold (the endpoint's `--max-body`).
    pub max_body: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            max_connections: 4096,
            max_connections_per_client: 256,
            head_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(60),
            max_body: 1 << 20,
        }
    }
}

/// A server listening in the background.
#[derive(Debug)]
pub struct Listening {
    address: SocketAddr,
    thread: std::thread::JoinHandle<std::io::Result<()>>,
}

impl Listening {
    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// Waits until the server stops (it stops only on an error of its listening socket).
    pub fn join(self) -> std::io::Result<()> {
        self.thread
            .join()
            .map_err(|_| std::io::Error::other("the server thread panicked"))?
    }
}

/// Listens on `address` and answers every connection with `endpoint`, within `limits`.
pub fn serve(
    endpoint: Endpoint,
    address: SocketAddr,
    limits: ConnectionLimits,
) -> std::io::Result<Listening> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("ctockg http")
        .thread_stack_size(THREAD_STACK)
        // one request at a time per connection: a request never waits for a thread, so a
        // lookup is not queued behind heavy queries waiting for their slots
        .max_blocking_threads(limits.max_connections + 16)
        .build()?;
    let listener = runtime.block_on(TcpListener::bind(address))?;
    let address = listener.local_addr()?;
    let server = Arc::new(Server {
        endpoint,
        limits,
        census: Mutex::new(Census::default()),
        started: Instant::now(),
    });
    let thread = std::thread::Builder::new()
        .name("ctockg listener".to_owned())
        .spawn(move || runtime.block_on(server.accept_all(listener)))?;
    Ok(Listening { address, thread })
}

struct Server {
    endpoint: Endpoint,
    limits: ConnectionLimits,
    census: Mutex<Census>,
    /// The origin of the connections' clocks ([`Connection::waiting_since`]).
    started: Instant,
}

/// The connections open, in all and by client address.
#[derive(Default)]
struct Census {
    total: usize,
    by_client: HashMap<IpAddr, usize>,
}

/// A connection counted in the census until dropped.
struct Admitted {
    server: Arc<Server>,
    client: IpAddr,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.server.census().leave(self.client);
    }
}

impl Census {
    /// Counts a new connection from `client`; false, counting nothing, when it would pass
    /// either limit.
    fn admit(&mut self, client: IpAddr, limits: &ConnectionLimits) -> bool {
        let from_client = self.by_client.get(&client).copied().unwrap_or(0);
        if self.total >= limits.max_connections || from_client >= limits.max_connections_per_client
        {
            return false;
        }
        self.total += 1;
        self.by_client.insert(client, from_client + 1);
        true
    }

    /// A connection from `client` closed.
    fn leave(&mut self, client: IpAddr) {
        self.total = self.total.saturating_sub(1);
        if let Some(count) = self.by_client.get_mut(&client) {
            *count -= 1;
            if *count == 0 {
                self.by_client.remove(&client);
            }
        }
    }
}

/// The answer to a connection past the limits, written without reading its request.
const TOO_MANY_CONNECTIONS: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: text/plain; charset=utf-8\r\nretry-after: 1\r\nconnection: close\r\n\
content-length: 68\r\n\r\n\
too many connections are open (from this address or in all); retry\n";

impl Server {
    fn census(&self) -> std::sync::MutexGuard<'_, Census> {
        self.census.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts a new connection from `client`, unless the limits are reached.
    fn admit(self: &Arc<Self>, client: IpAddr) -> Option<Admitted> {
        self.census().admit(client, &self.limits).then(|| Admitted {
            server: Arc::clone(self),
            client,
        })
    }

    async fn accept_all(self: Arc<Self>, listener: TcpListener) -> std::io::Result<()> {
        loop {
            let (stream, peer) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(error) => {
                    // out of file descriptors, say: the open connections go on, and their
                    // deadlines free descriptors soon
                    eprintln!("ctockg serve: cannot accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let Some(admitted) = self.admit(peer.ip()) else {
                // a best effort: the socket is closed whether or not the answer fits its buffer
                let _ = stream.try_write(TOO_MANY_CONNECTIONS);
                continue;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(Arc::clone(&self).connection(stream, admitted));
        }
    }

    /// Nanoseconds since the server started, never 0 (0 means "not waiting").
    fn now(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_nanos())
            .unwrap_or(u64::MAX)
            .max(1)
    }

    async fn connection(self: Arc<Self>, stream: TcpStream, admitted: Admitted) {
        let connection = Arc::new(Connection {
            waiting_since: AtomicU64::new(self.now()),
        });
        let service = {
            let (server, connection) = (Arc::clone(&self), Arc::clone(&connection));
            service_fn(move |request| Arc::clone(&server).respond(request, Arc::clone(&connection)))
        };
        let io = TokioIo::new(WriteDeadline::new(stream, self.limits.write_timeout));
        let served = hyper::server::conn::http1::Builder::new()
            .keep_alive(true)
            .max_buf_size(64 << 10)
            .serve_connection(io, service);
        tokio::select! {
            _ = served => {}
            () = self.head_deadline(&connection) => {}
        }
        drop(admitted);
    }

    /// Ends when the connection has waited for a request head longer than the head timeout.
    async fn head_deadline(&self, connection: &Connection) {
        let timeout = self.limits.head_timeout;
        loop {
            let since = connection.waiting_since.load(Ordering::Acquire);
            if since == 0 {
                // a request is being answered; its body and response have deadlines of their own
                tokio::time::sleep(timeout).await;
                continue;
            }
            let waited = Duration::from_nanos(self.now().saturating_sub(since));
            if waited >= timeout {
                return;
            }
            tokio::time::sleep(timeout - waited).await;
        }
    }

    async fn respond(
        self: Arc<Self>,
        request: hyper::Request<Incoming>,
        connection: Arc<Connection>,
    ) -> Result<hyper::Response<Reply>, Infallible> {
        connection.waiting_since.store(0, Ordering::Release);
        let done = Done {
            server: Arc::clone(&self),
            connection,
        };
        let started = Instant::now();
        let (parts, body) = request.into_parts();
        let html = negotiate::prefers_html(
            parts
                .headers
                .get(hyper::header::ACCEPT)
                .and_then(|v| v.to_str().ok()),
        );
        let line = format!("{} {}", parts.method, parts.uri.path());
        let body = match self.read_body(body).await {
            Ok(body) => body,
            Err(error) => {
                let response = error.into_response(html);
                eprintln!(
                    "{line} {} {:.1?}",
                    response.status().as_u16(),
                    started.elapsed()
                );
                return Ok(reply(response, done));
            }
        };
        let (head, answered) = oneshot::channel();
        let server = Arc::clone(&self);
        let handled = tokio::task::spawn_blocking(move || {
            let mut request = oxhttp::model::Request::from_parts(parts, body.to_vec().into());
            let response = server.endpoint.handle(&mut request);
            eprintln!(
                "{line} {} {:.1?}",
                response.status().as_u16(),
                started.elapsed()
            );
            send_response(response, head);
        });
        drop(handled);
        let response = match answered.await {
            Ok(response) => response,
            Err(_) => {
                let failed = ServerError::Output(std::io::Error::other(
                    "the request handler stopped without an answer",
                ));
                return Ok(reply(failed.into_response(html), done));
            }
        };
        let (parts, body) = response;
        Ok(hyper::Response::from_parts(parts, body.done_with(done)))
    }

    /// The whole body of a request, by the body deadline and within `--max-body`.
    async fn read_body(&self, body: Incoming) -> Result<Bytes, ServerError> {
        let limit = self.limits.max_body;
        let collected = tokio::time::timeout(
            self.limits.body_timeout,
            Limited::new(body, limit).collect(),
        )
        .await
        .map_err(|_| ServerError::RequestTimeout {
            seconds: self.limits.body_timeout.as_secs_f64(),
        })?;
        match collected {
            Ok(collected) => Ok(collected.to_bytes()),
            Err(error) if error.is::<http_body_util::LengthLimitError>() => {
                Err(ServerError::PayloadTooLarge { limit })
            }
            Err(error) => Err(ServerError::BadRequest(format!(
                "cannot read the request body: {error}"
            ))),
        }
    }
}

/// The state of one connection the head deadline watches.
struct Connection {
    /// When the server began to wait for the next request head ([`Server::now`]); 0 while a
    /// request is answered.
    waiting_since: AtomicU64,
}

/// Set on a response's body: when the body is dropped (sent, or the connection gone), the
/// connection waits for its next request head.
struct Done {
    server: Arc<Server>,
    connection: Arc<Connection>,
}

impl Drop for Done {
    fn drop(&mut self) {
        self.connection
            .waiting_since
            .store(self.server.now(), Ordering::Release);
    }
}

type Head = (hyper::http::response::Parts, Reply);

/// Hands the response's head and body to the connection. A body of known length goes whole; a
/// streamed one (a dump) is read here, on the blocking thread, and sent in chunks.
fn send_response(
    response: oxhttp::model::Response<oxhttp::model::Body>,
    head: oneshot::Sender<Head>,
) {
    let (parts, mut body) = response.into_parts();
    if body.len().is_some() {
        let bytes = body.to_vec().unwrap_or_default();
        let _ = head.send((parts, Reply::whole(bytes.into())));
        return;
    }
    let (chunks, received) = mpsc::channel(4);
    if head.send((parts, Reply::streamed(received))).is_err() {
        return;
    }
    let mut buffer = vec![0; 64 << 10];
    loop {
        let chunk = match body.read(&mut buffer) {
            Ok(0) => return,
            Ok(n) => Ok(Bytes::copy_from_slice(&buffer[..n])),
            Err(error) => Err(error),
        };
        let failed = chunk.is_err();
        // the receiver is gone when the client went away: stop reading
        if chunks.blocking_send(chunk).is_err() || failed {
            return;
        }
    }
}

/// A response made before the blocking thread, with its body marked done when dropped.
fn reply(
    response: oxhttp::model::Response<oxhttp::model::Body>,
    done: Done,
) -> hyper::Response<Reply> {
    let (parts, body) = response.into_parts();
    let bytes = body.to_vec().unwrap_or_default();
    hyper::Response::from_parts(parts, Reply::whole(bytes.into()).done_with(done))
}

/// A response body: whole in memory, or chunks streamed from a blocking thread.
pub struct Reply {
    content: Content,
    done: Option<Done>,
}

enum Content {
    Whole(Option<Bytes>),
    Streamed(mpsc::Receiver<std::io::Result<Bytes>>),
}

impl Reply {
    fn whole(bytes: Bytes) -> Self {
        Self {
            content: Content::Whole(Some(bytes)),
            done: None,
        }
    }

    fn streamed(chunks: mpsc::Receiver<std::io::Result<Bytes>>) -> Self {
        Self {
            content: Content::Streamed(chunks),
            done: None,
        }
    }

    fn done_with(mut self, done: Done) -> Self {
        self.done = Some(done);
        self
    }
}

impl HttpBody for Reply {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match &mut self.content {
            Content::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Content::Streamed(chunks) => chunks
                .poll_recv(cx)
                .map(|chunk| chunk.map(|c| c.map(Frame::data))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.content, Content::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match &self.content {
            Content::Whole(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            Content::Whole(None) => SizeHint::with_exact(0),
            Content::Streamed(_) => SizeHint::default(),
        }
    }
}

/// A socket whose writes fail when the client has read nothing for a while: a client that
/// stops reading a response cannot hold its connection, and the thread streaming a dump to
/// it, for ever.
struct WriteDeadline {
    stream: TcpStream,
    timeout: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl WriteDeadline {
    fn new(stream: TcpStream, timeout: Duration) -> Self {
        Self {
            stream,
            timeout,
            stalled: None,
        }
    }

    /// `Ready(Err)` once the writes have waited past the timeout; arms the timer on a first
    /// wait.
    fn poll_stall(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Error> {
        let timeout = self.timeout;
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        stalled.as_mut().poll(cx).map(|()| {
            std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client read nothing of the response for too long",
            )
        })
    }

    /// `polled` as it is, but a write still pending past the timeout is an error.
    fn watch<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<std::io::Result<T>>,
    ) -> Poll<std::io::Result<T>> {
        match polled {
            Poll::Pending => match self.poll_stall(cx) {
                Poll::Ready(error) => Poll::Ready(Err(error)),
                Poll::Pending => Poll::Pending,
            },
            ready => {
                self.stalled = None;
                ready
            }
        }
    }
}

impl AsyncRead for WriteDeadline {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for WriteDeadline {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.watch(cx, polled)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let polled = Pin::new(&mut self.stream).poll_flush(cx);
        self.watch(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.watch(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_census_refuses_past_either_limit_and_counts_what_leaves() {
        let limits = ConnectionLimits {
            max_connections: 5,
            max_connections_per_client: 3,
            ..ConnectionLimits::default()
        };
        let (a, b, c): (IpAddr, IpAddr, IpAddr) = (
            "127.0.0.1".parse().expect("ip"),
            "127.0.0.2".parse().expect("ip"),
            "::1".parse().expect("ip"),
        );
        let mut census = Census::default();
        let admitted: Vec<bool> = [a, a, a, a, b, b, c, b]
            .into_iter()
            .map(|client| census.admit(client, &limits))
            .collect();
        // the fourth from a passes its limit; the sixth connection passes the total
        assert_eq!(
            admitted,
            [true, true, true, false, true, true, false, false]
        );
        assert_eq!(census.total, 5);
        census.leave(a);
        assert!(census.admit(c, &limits), "a freed place is taken");
        assert!(!census.admit(a, &limits), "the total is full again");
        census.leave(b);
        census.leave(b);
        assert_eq!(
            census.by_client.get(&b),
            None,
            "an address without connections is forgotten"
        );
        assert_eq!(census.total, 3);
    }
}
