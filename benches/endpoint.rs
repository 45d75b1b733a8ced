//! Endpoint benchmark: `ctockg serve` under load, on the synthetic corpora of the scale benchmark
//! (100, 1,000 and 10,000 documents; `CTOCKG_BENCH_SIZES` to change). For each size:
//! - the shipped queries (their example parameters inlined as `VALUES`) are first sent once to
//!   `ctockg serve` (`/sparql`) and to `oxigraph serve-read-only --union-default-graph`
//!   (`/query`) over the same quads: status, rows and time of each, mismatches printed;
//! - the SPARQL mix (the queries both answered alike; `CTOCKG_BENCH_MIX=all` for every one) is
//!   driven by `wrk` with 16 connections for `CTOCKG_BENCH_SECONDS` (20) against each server
//!   alone: successful requests/s, p50/p99 of all responses, error responses and socket errors
//!   counted apart, and ctockg/oxigraph as a ratio;
//! - entity pages (`/id/…` of meetings, countries, documents, paragraphs, persons,
//!   organisations, as HTML) under the same load: p50/p99;
//! - 16 clients sending heavy queries (cross joins) at once to `ctockg serve` with its timeout
//!   on, while the server's RSS is sampled from `/proc/PID/status` and a light query and an
//!   entity page are timed every half second;
//! - 2,000 idle connections and 150 that drip a header line every second, from other loopback
//!   addresses, while a light query is timed every quarter second for 20 s; then the same light
//!   query beside a stream of hostile queries (nested past the limits, computing gigabytes in
//!   memory), with the server's peak RSS.
//!
//! Run with `make bench` (it installs `wrk` and Oxigraph's CLI); the corpus and store left by
//! the scale benchmark in `target/bench/n{N}` are reused (brought up to date by `ctockg build`),
//! else written with `ctockg synth` and built. Markdown tables go to stdout, progress to stderr.

mod common;
use common::{corpus_params, ms, oxigraph_cli, percentile, release_binary, repo, sizes};

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ctockg::{GraphStore, queries};
use oxhttp::Client;
use oxhttp::model::{Body, Method, Request};

/// jemalloc, counting the bytes of each query against the server's memory budget
/// (`ctockg::server::memory`).
#[global_allocator]
static ALLOCATOR: ctockg::server::memory::CountingAllocator =
    ctockg::server::memory::CountingAllocator;

const CONNECTIONS: usize = 16;
const TSV: &str = "text/tab-separated-values";
/// Past this RSS the server under the heavy queries is killed, so that the machine stays up.
const RSS_SAFETY_KB: u64 = 4 << 20;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn free_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
}

/// A server started for one measurement, killed when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Server {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the server accepts connections.
fn wait_listening(mut server: Server, what: &str) -> Server {
    let started = Instant::now();
    while TcpStream::connect(server.address).is_err() {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "{what} is not listening after 180 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// The corpus of `n` documents, written afresh, and its store, built by the release binary.
fn corpus(binary: &Path, n: usize) -> PathBuf {
    let dir = repo().join(format!("target/bench/n{n}"));
    // written afresh, as the scale bench does: a corpus left by an older generator would not be
    // the one the figures are said to come from
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("endpoint: writing a corpus of {n} documents");
    let ok = Command::new(binary)
        .args(["synth", "--docs", &n.to_string(), "--seed", "42", "--out"])
        .arg(&dir)
        .arg("--data")
        .arg(repo().join("data"))
        .stdout(Stdio::null())
        .status()
        .expect("ctockg synth runs")
        .success();
    assert!(ok, "ctockg synth failed");
    eprintln!("endpoint: building the store of {n} documents");
    // exit status 2 is a document reported as bad, the others still built: fine for a benchmark
    let status = ctockg(binary, "build", &dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("ctockg build runs");
    assert!(
        matches!(status.code(), Some(0 | 2)),
        "ctockg build failed on {n} documents: {status}"
    );
    dir
}

/// `ctockg SUBCOMMAND --data DIR/data --store DIR/store`, with no setting from the environment.
fn ctockg(binary: &Path, subcommand: &str, dir: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .env_remove("CTOCKG_STORE")
        .env_remove("CTOCKG_DATA")
        .env_remove("CTOCKG_QUERIES")
        .env_remove("CTOCKG_UPDATE_TOKEN")
        .arg(subcommand)
        .arg("--data")
        .arg(dir.join("data"))
        .arg("--store")
        .arg(dir.join("store"));
    command
}

/// Starts `ctockg serve`; with `keep` false it keeps no answers (`--cache 0`), so that under a
/// load that repeats its requests every one is evaluated, as on Oxigraph's server.
fn start_ctockg(binary: &Path, dir: &Path, keep: bool) -> Server {
    let address = free_address();
    let mut command = ctockg(binary, "serve", dir);
    if !keep {
        command.args(["--cache", "0"]);
    }
    let child = command
        .arg("--queries")
        .arg(repo().join("queries"))
        .arg("--bind")
        .arg(address.to_string())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("endpoint/serve.log")).expect("log file"))
        .spawn()
        .expect("ctockg serve starts");
    wait_listening(Server { child, address }, "ctockg serve")
}

fn start_oxigraph(cli: &Path, location: &Path) -> Server {
    let address = free_address();
    let child = Command::new(cli)
        .arg("serve-read-only")
        .arg("--location")
        .arg(location)
        .arg("--bind")
        .arg(address.to_string())
        .arg("--union-default-graph")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("oxigraph serve-read-only starts");
    wait_listening(Server { child, address }, "oxigraph serve-read-only")
}

/// The same quads in an Oxigraph store of its own, loaded by Oxigraph's CLI.
fn oxigraph_store(cli: &Path, dir: &Path) -> PathBuf {
    let dump = dir.join("endpoint/dump.nq");
    let store = GraphStore::open(&dir.join("store")).expect("store");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&dump).expect("dump file"));
    store.dump_nquads(&mut file).expect("dump");
    drop(file);
    drop(store);
    let location = dir.join("endpoint/oxigraph-store");
    let _ = std::fs::remove_dir_all(&location);
    let ok = Command::new(cli)
        .arg("load")
        .arg("--location")
        .arg(&location)
        .arg("--file")
        .arg(&dump)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("oxigraph load runs")
        .success();
    assert!(ok, "oxigraph load failed");
    location
}

/// A shipped query with its example parameters inlined (a meeting of the corpus for the seed
/// meeting the examples name), so that any SPARQL endpoint runs it as `ctockg query NAME --param
/// …` does: `VALUES` at the head of the outer `WHERE` group.
struct MixQuery {
    name: String,
    text: String,
}

fn shipped_mix(dir: &Path) -> Vec<MixQuery> {
    // opened and closed before either server starts: RocksDB lets one process write a store
    let store = ctockg::GraphStore::open(&dir.join("store")).expect("store opens");
    let where_group = regex::Regex::new(r"(?i)\bWHERE\s*\{").expect("regex");
    queries::list(&repo().join("queries"))
        .expect("queries")
        .into_iter()
        .map(|query| {
            let declared = queries::parameters(&query.text).expect("header");
            let bindings = queries::bind(&declared, &corpus_params(&store, &query.text))
                .expect("example parameters bind");
            let mut text = query.text.clone();
            if !bindings.is_empty() {
                let values: String = bindings
                    .iter()
                    .map(|(variable, term)| format!(" VALUES {variable} {{ {term} }}"))
                    .collect();
                let at = where_group
                    .find(&text)
                    .unwrap_or_else(|| panic!("{}: no WHERE group", query.name))
                    .end();
                text.insert_str(at, &values);
            }
            MixQuery {
                name: query.name,
                text,
            }
        })
        .collect()
}

fn client() -> Client {
    Client::new().with_global_timeout(Duration::from_secs(env_number(
        "CTOCKG_BENCH_CHECK_TIMEOUT",
        120,
    )))
}

/// What one request got: status (0 when the request failed), body, time.
struct Reply {
    status: u16,
    body: String,
    time: Duration,
}

fn send(client: &Client, method: Method, url: &str, accept: &str, body: Option<&str>) -> Reply {
    let started = Instant::now();
    let mut request = Request::builder()
        .method(method)
        .uri(url)
        .header("Accept", accept);
    if body.is_some() {
        request = request.header("Content-Type", "application/sparql-query");
    }
    let request = request
        .body(Body::from(body.unwrap_or("").to_owned()))
        .expect("request");
    let answer = client
        .request(request)
        .and_then(|r| Ok((r.status().as_u16(), r.into_body().to_string()?)));
    let time = started.elapsed();
    match answer {
        Ok((status, body)) => Reply { status, body, time },
        Err(error) => Reply {
            status: 0,
            body: error.to_string(),
            time,
        },
    }
}

fn post_query(client: &Client, url: &str, query: &str) -> Reply {
    send(client, Method::POST, url, TSV, Some(query))
}

/// Rows of a TSV result (the header line excluded).
fn rows(tsv: &str) -> usize {
    tsv.lines().count().saturating_sub(1)
}

/// One query of the mix as each server answered it on its own.
struct Check {
    name: String,
    ctockg: Reply,
    oxigraph: Option<Reply>,
}

impl Check {
    fn agrees(&self) -> bool {
        self.ctockg.status == 200
            && self
                .oxigraph
                .as_ref()
                .is_none_or(|o| o.status == 200 && rows(&o.body) == rows(&self.ctockg.body))
    }
}

fn describe(reply: &Reply) -> String {
    if reply.status == 200 {
        format!("200, {} rows, {}", rows(&reply.body), ms(reply.time))
    } else {
        let reason: String = reply.body.chars().take(70).collect();
        format!(
            "{}, {}: {}",
            reply.status,
            ms(reply.time),
            reason.replace(['\n', '|'], " ")
        )
    }
}

/// What `wrk` measured, read from the line the Lua script prints at the end.
#[derive(Default)]
struct Load {
    requests: u64,
    seconds: f64,
    p50: Duration,
    p99: Duration,
    /// Error responses (non-2xx) by status.
    statuses: BTreeMap<u16, u64>,
    /// Connect, read, write errors and requests past wrk's timeout.
    socket_errors: u64,
}

impl Load {
    fn errors(&self) -> u64 {
        self.statuses.values().sum()
    }

    fn per_second(&self) -> f64 {
        self.requests.saturating_sub(self.errors()) as f64 / self.seconds.max(1e-9)
    }

    fn error_summary(&self) -> String {
        let mut parts: Vec<String> = self
            .statuses
            .iter()
            .map(|(status, count)| format!("{count} × {status}"))
            .collect();
        if self.socket_errors > 0 {
            parts.push(format!("{} socket errors or timeouts", self.socket_errors));
        }
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// A Lua long string holding `text` verbatim.
fn lua_string(text: &str) -> String {
    let mut level = String::new();
    while text.contains(&format!("]{level}]")) {
        level.push('=');
    }
    format!("[{level}[\n{text}]{level}]")
}

/// A `wrk` script cycling through `requests` (method, path, accept, body), each thread from its
/// own starting point, counting error responses by status and printing one result line.
fn wrk_script(requests: &[(&str, String, &str, Option<&str>)]) -> String {
    // the requests are formatted in init(), once wrk has set the Host header
    let mut script = String::from("local specs = {}\n");
    for (method, path, accept, body) in requests {
        let mut headers = format!("[\"Accept\"] = {}", lua_string(accept));
        if body.is_some() {
            headers.push_str(", [\"Content-Type\"] = \"application/sparql-query\"");
        }
        script.push_str(&format!(
            "specs[#specs + 1] = {{ {}, {}, {{ {headers} }}, {} }}\n",
            lua_string(method),
            lua_string(path),
            body.map_or("nil".to_owned(), lua_string),
        ));
    }
    script.push_str(
        r#"
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
local requests = {}
local next_request = 0
statuses = ""
local counts = {}
function init(args)
  for i, spec in ipairs(specs) do
    requests[i] = wrk.format(spec[1], spec[2], spec[3], spec[4])
  end
  next_request = (id * 7) % #requests
end
function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end
function response(status, headers, body)
  if status < 200 or status > 299 then
    counts[status] = (counts[status] or 0) + 1
    local parts = {}
    for s, c in pairs(counts) do table.insert(parts, s .. ":" .. c) end
    statuses = table.concat(parts, ",")
  end
end
function done(summary, latency, requests)
  local errors = summary.errors
  local all = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    if s and s ~= "" then table.insert(all, s) end
  end
  io.write(string.format("RESULT %d %d %d %d %d %s\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, table.concat(all, ",")))
end
"#,
    );
    script
}

fn run_wrk(script: &Path, server: &Server, seconds: u64) -> Load {
    let output = Command::new("wrk")
        .arg("-t2")
        .arg(format!("-c{CONNECTIONS}"))
        .arg(format!("-d{seconds}s"))
        .arg("--timeout")
        .arg("60s")
        .arg("-s")
        .arg(script)
        .arg(server.url("/"))
        .output()
        .expect("wrk runs (make bench installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .unwrap_or_else(|| {
            panic!(
                "wrk printed no result: {stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let mut fields = line.split_whitespace();
    let mut number = || -> u64 { fields.next().and_then(|f| f.parse().ok()).unwrap_or(0) };
    let mut load = Load {
        requests: number(),
        seconds: number() as f64 / 1e6,
        p50: Duration::from_micros(number()),
        p99: Duration::from_micros(number()),
        socket_errors: number(),
        statuses: BTreeMap::new(),
    };
    if let Some(list) = line.split_whitespace().nth(5) {
        for pair in list.split(',') {
            if let Some((status, count)) = pair.split_once(':') {
                let (Ok(status), Ok(count)) = (status.parse(), count.parse::<u64>()) else {
                    continue;
                };
                *load.statuses.entry(status).or_default() += count;
            }
        }
    }
    load
}

/// `/id/…` paths of a few instances of each class that has a page.
fn entity_pages(client: &Client, server: &Server) -> Vec<String> {
    let mut pages = Vec::new();
    for class in [
        "Meeting",
        "Country",
        "Document",
        "Paragraph",
        "Person",
        "Organisation",
    ] {
        let query = format!(
            // the store's order: sorting 125,000 paragraph IRIs takes Oxigraph longer than the
            // server's timeout at 10,000 documents
            "SELECT DISTINCT ?s WHERE {{ ?s a <https://w3id.org/ctockg/ontology#{class}> }} LIMIT 10"
        );
        let reply = post_query(client, &server.url("/sparql"), &query);
        assert_eq!(reply.status, 200, "{class} instances: {}", reply.body);
        pages.extend(reply.body.lines().skip(1).filter_map(|iri| {
            iri.trim()
                .strip_prefix("<https://w3id.org/ctockg/id/")
                .and_then(|rest| rest.strip_suffix('>'))
                .map(|rest| format!("/id/{rest}"))
        }));
    }
    pages
}

/// Pages asked for one at a time on a quiet server, twice each: the home page, VoID, the themes,
/// a theme's report and chart, a picture and searches read the whole store (or the index) the
/// first time and what the server cached the second; entity pages are read anew each time.
/// Entity pages are summed up per kind (the path's first segment): the median and the slowest
/// of their first answers.
fn quiet_pages(client: &Client, server: &Server, pages: &[String]) -> Vec<QuietPage> {
    let mut rows = Vec::new();
    for (path, accept) in [
        ("/", "text/html"),
        ("/.well-known/void", "text/turtle"),
        ("/themes", "text/html"),
        ("/themes/technology", "text/html"),
        ("/themes/technology.svg", "image/svg+xml"),
        ("/pictures/themes.svg", "image/svg+xml"),
        (
            "/search?q=%E5%81%B7%E8%BF%90%E7%A7%BB%E6%B0%91",
            "application/json",
        ),
        ("/search?q=smuggle&lang=en", "application/json"),
    ] {
        let first = send(client, Method::GET, &server.url(path), accept, None);
        let again = send(client, Method::GET, &server.url(path), accept, None);
        rows.push(QuietPage {
            page: path.to_owned(),
            status: first.status.max(again.status),
            first: vec![first.time],
            again: vec![again.time],
        });
    }
    let extra = [
        "/id/role/state-party",
        "/id/body/wg7",
        "/id/theme/technology",
        "/id/resolution/cop/5-3",
    ];
    let mut kinds: BTreeMap<String, QuietPage> = BTreeMap::new();
    for path in pages.iter().map(String::as_str).chain(extra) {
        let kind = path.split('/').nth(2).unwrap_or("").to_owned();
        let first = send(client, Method::GET, &server.url(path), "text/html", None);
        let again = send(client, Method::GET, &server.url(path), "text/html", None);
        let row = kinds.entry(kind.clone()).or_insert_with(|| QuietPage {
            page: format!("/id/{kind}/…"),
            status: 200,
            first: Vec::new(),
            again: Vec::new(),
        });
        row.status = row.status.max(first.status).max(again.status);
        row.first.push(first.time);
        row.again.push(again.time);
    }
    for mut row in kinds.into_values() {
        row.first.sort();
        row.again.sort();
        rows.push(row);
    }
    rows
}

/// One line of [`quiet_pages`].
struct QuietPage {
    page: String,
    /// The worst status seen (200 when all answered).
    status: u16,
    first: Vec<Duration>,
    again: Vec<Duration>,
}

/// What the heavy-query check measured.
struct Heavy {
    query: &'static str,
    /// The server's peak RSS before the heavy queries: its copy of the store, made at start.
    start_rss_kb: u64,
    peak_rss_kb: u64,
    killed: bool,
    heavy_statuses: BTreeMap<u16, u64>,
    light: Vec<Duration>,
    light_failures: usize,
    page: Vec<Duration>,
    page_failures: usize,
}

fn read_rss(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// 16 clients send `query` over and over for `seconds`; meanwhile the RSS is sampled every
/// 20 ms and a light query and an entity page are timed every 500 ms.
fn heavy_check(
    server: &mut Server,
    query: &'static str,
    light: &str,
    page: &str,
    seconds: u64,
) -> Heavy {
    let start_rss_kb = read_rss(server.pid()).map_or(0, |(_, hwm)| hwm);
    let stop = Arc::new(AtomicBool::new(false));
    let url = server.url("/sparql");
    let clients: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let stop = Arc::clone(&stop);
            let url = url.clone();
            std::thread::spawn(move || {
                let client = client();
                let mut statuses = BTreeMap::<u16, u64>::new();
                while !stop.load(Ordering::Relaxed) {
                    let status = post_query(&client, &url, query).status;
                    // a request cut by the end of the check is not an answer
                    if !stop.load(Ordering::Relaxed) {
                        *statuses.entry(status).or_default() += 1;
                    }
                }
                statuses
            })
        })
        .collect();
    let peak = Arc::new(AtomicU64::new(0));
    let killed = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (stop, peak, killed) = (Arc::clone(&stop), Arc::clone(&peak), Arc::clone(&killed));
        let pid = server.pid();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let Some((rss, hwm)) = read_rss(pid) {
                    peak.fetch_max(rss.max(hwm), Ordering::Relaxed);
                    if rss > RSS_SAFETY_KB {
                        killed.store(true, Ordering::Relaxed);
                        return;
                    }
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let probe = client();
    let mut result = Heavy {
        query,
        start_rss_kb,
        peak_rss_kb: 0,
        killed: false,
        heavy_statuses: BTreeMap::new(),
        light: Vec::new(),
        light_failures: 0,
        page: Vec::new(),
        page_failures: 0,
    };
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(1));
    while started.elapsed() < Duration::from_secs(seconds) && !killed.load(Ordering::Relaxed) {
        let reply = post_query(&probe, &url, light);
        if reply.status == 200 {
            result.light.push(reply.time);
        } else {
            result.light_failures += 1;
        }
        let reply = send(&probe, Method::GET, &server.url(page), "text/html", None);
        if reply.status == 200 {
            result.page.push(reply.time);
        } else {
            result.page_failures += 1;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    result.killed = killed.load(Ordering::Relaxed);
    if result.killed {
        eprintln!(
            "endpoint: the server passed {} GB of RSS under `{query}`: killed",
            RSS_SAFETY_KB >> 20
        );
        let _ = server.child.kill();
    }
    stop.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    if let Some((_, hwm)) = read_rss(server.pid()) {
        peak.fetch_max(hwm, Ordering::Relaxed);
    }
    result.peak_rss_kb = peak.load(Ordering::Relaxed);
    // the clients finish their last request (the server answers it at its timeout at most)
    let _ = server.child.kill();
    for handle in clients {
        for (status, count) in handle.join().expect("client thread") {
            *result.heavy_statuses.entry(status).or_default() += count;
        }
    }
    result.light.sort();
    result.page.sort();
    result
}

/// What a light query met while crowds of idle and slow connections were open, or while hostile
/// queries were sent.
struct Crowd {
    what: &'static str,
    light: Vec<Duration>,
    light_failures: usize,
    hostile_statuses: BTreeMap<u16, u64>,
    start_rss_kb: u64,
    peak_rss_kb: u64,
}

/// Opens `count` connections from 127.0.`subnet`.x, 50 from each address.
async fn crowd(server: SocketAddr, subnet: u8, count: usize) -> Vec<tokio::net::TcpStream> {
    let mut streams = Vec::with_capacity(count);
    for i in 0..count {
        let address =
            std::net::Ipv4Addr::new(127, 0, subnet, u8::try_from(i / 50 + 1).unwrap_or(255));
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket
            .bind(SocketAddr::new(address.into(), 0))
            .expect("bind a loopback address");
        match socket.connect(server).await {
            Ok(stream) => streams.push(stream),
            Err(error) => eprintln!("endpoint: connection {i} of the crowd: {error}"),
        }
    }
    streams
}

/// Times `light` every 250 ms for `seconds` beside `load`, which runs on its own thread until
/// told to stop; samples the server's RSS meanwhile.
fn time_beside(
    server: &Server,
    what: &'static str,
    light: &str,
    seconds: u64,
    load: impl FnOnce(Arc<AtomicBool>) -> BTreeMap<u16, u64> + Send + 'static,
) -> Crowd {
    let start_rss_kb = read_rss(server.pid()).map_or(0, |(_, hwm)| hwm);
    let stop = Arc::new(AtomicBool::new(false));
    let loader = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || load(stop))
    };
    std::thread::sleep(Duration::from_secs(1));
    let probe = client();
    let (mut times, mut failures) = (Vec::new(), 0);
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        let reply = post_query(&probe, &server.url("/sparql"), light);
        if reply.status == 200 {
            times.push(reply.time);
        } else {
            failures += 1;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    stop.store(true, Ordering::Relaxed);
    let hostile_statuses = loader.join().expect("load thread");
    times.sort();
    Crowd {
        what,
        light: times,
        light_failures: failures,
        hostile_statuses,
        start_rss_kb,
        peak_rss_kb: read_rss(server.pid()).map_or(0, |(_, hwm)| hwm),
    }
}

/// A light query beside 2,000 idle and 150 slow connections, then beside hostile queries.
fn crowd_checks(server: &Server, light: &str, seconds: u64) -> Vec<Crowd> {
    let address = server.address;
    let crowded = time_beside(
        server,
        "2,000 idle and 150 slow connections",
        light,
        seconds,
        move |stop| {
            let runtime = tokio::runtime::Runtime::new().expect("runtime");
            runtime.block_on(async move {
                use tokio::io::AsyncWriteExt;
                let mut statuses = BTreeMap::new();
                while !stop.load(Ordering::Relaxed) {
                    // opened again as the server closes them at its head timeout
                    let idle = crowd(address, 1, 2000).await;
                    let mut slow = crowd(address, 2, 150).await;
                    *statuses.entry(0).or_default() += (idle.len() + slow.len()) as u64;
                    for second in 0..12 {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        for stream in &mut slow {
                            let line = if second == 0 {
                                "GET / HTTP/1.1\r\nHost: x\r\n".to_owned()
                            } else {
                                format!("X-Drip-{second}: more\r\n")
                            };
                            let _ = stream.write_all(line.as_bytes()).await;
                        }
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
                statuses
            })
        },
    );
    let hostile_queries: Vec<String> = vec![
        format!("ASK {}{}", "{".repeat(3600), "}".repeat(3600)),
        format!(
            "SELECT * {{ {} }}",
            vec!["{ ?s ?p ?o }"; 5000].join(" UNION ")
        ),
        {
            let mut query = String::from(
                "SELECT ?x26 WHERE { BIND(\"0123456789abcdef0123456789abcdef\" AS ?x0)",
            );
            for step in 1..=26 {
                query.push_str(&format!(
                    " BIND(CONCAT(?x{0}, ?x{0}) AS ?x{step})",
                    step - 1
                ));
            }
            query.push_str(" }");
            query
        },
    ];
    let url = server.url("/sparql");
    let hostile = time_beside(
        server,
        "hostile queries, one client",
        light,
        seconds,
        move |stop| {
            let client = client();
            let mut statuses = BTreeMap::new();
            while !stop.load(Ordering::Relaxed) {
                for query in &hostile_queries {
                    *statuses
                        .entry(post_query(&client, &url, query).status)
                        .or_default() += 1;
                }
            }
            statuses
        },
    );
    vec![crowded, hostile]
}

fn print_crowds(crowd_table: &[(usize, Vec<Crowd>)]) {
    println!(
        "\n| documents | beside | light query p50 | light max | light failed | hostile answers | RSS at start | peak RSS |\n|---|---|---|---|---|---|---|---|"
    );
    for (n, crowds) in crowd_table {
        for crowd in crowds {
            let answers: Vec<String> = crowd
                .hostile_statuses
                .iter()
                .map(|(status, count)| {
                    if *status == 0 {
                        format!("{count} connections opened")
                    } else {
                        format!("{count} × {status}")
                    }
                })
                .collect();
            println!(
                "| {n} | {} | {} | {} | {} | {} | {:.0} MB | {:.0} MB |",
                crowd.what,
                ms(percentile(&crowd.light, 0.5)),
                ms(crowd.light.last().copied().unwrap_or_default()),
                crowd.light_failures,
                answers.join(", "),
                crowd.start_rss_kb as f64 / 1024.0,
                crowd.peak_rss_kb as f64 / 1024.0,
            );
        }
    }
}

const HEAVY_QUERIES: [&str; 3] = [
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c LIMIT 1",
];

fn main() {
    // `cargo test --all-targets` runs bench binaries too, without `--bench`: do nothing then
    if !std::env::args().any(|a| a == "--bench") {
        println!(
            "endpoint benchmark: run it with `make bench` (or `cargo bench --bench endpoint`)"
        );
        return;
    }
    let sizes = sizes();
    let seconds = env_number("CTOCKG_BENCH_SECONDS", 20);
    let heavy_seconds = env_number("CTOCKG_BENCH_HEAVY_SECONDS", 20);
    let whole_mix = std::env::var("CTOCKG_BENCH_MIX").is_ok_and(|v| v == "all");
    let binary = release_binary();
    assert!(
        Command::new("wrk").arg("--version").output().is_ok(),
        "wrk is not installed (make bench installs it)"
    );
    let oxigraph = oxigraph_cli();
    if oxigraph.is_none() {
        eprintln!(
            "endpoint: Oxigraph's CLI is not installed: ctockg alone (make bench installs it)"
        );
    }
    let client = client();
    let mut checks_table = Vec::new();
    let mut load_table = Vec::new();
    let mut page_table = Vec::new();
    let mut heavy_table = Vec::new();
    let mut quiet_table = Vec::new();
    let mut crowd_table = Vec::new();
    rlimit::increase_nofile_limit(10_000).expect("raise the limit on open files");
    for &n in &sizes {
        let dir = corpus(&binary, n);
        std::fs::create_dir_all(dir.join("endpoint")).expect("endpoint dir");
        let location = oxigraph.as_ref().map(|cli| {
            eprintln!("endpoint: loading the same quads into Oxigraph");
            oxigraph_store(cli, &dir)
        });

        // every query once on each server, alone
        eprintln!("endpoint: {n} documents: each shipped query once on each server");
        let mix = shipped_mix(&dir);
        let ours = start_ctockg(&binary, &dir, true);
        let mut theirs = oxigraph
            .as_ref()
            .zip(location.as_ref())
            .map(|(cli, location)| start_oxigraph(cli, location));
        let mut checks = Vec::new();
        for query in &mix {
            let check = Check {
                name: query.name.clone(),
                ctockg: post_query(&client, &ours.url("/sparql"), &query.text),
                oxigraph: theirs
                    .as_ref()
                    .map(|s| post_query(&client, &s.url("/query"), &query.text)),
            };
            // Oxigraph goes on evaluating a query its client gave up on, on both cores: the
            // next checks of both servers would run beside it
            if check.oxigraph.as_ref().is_some_and(|o| o.status == 0) {
                drop(theirs.take());
                theirs = oxigraph
                    .as_ref()
                    .zip(location.as_ref())
                    .map(|(cli, location)| start_oxigraph(cli, location));
            }
            if !check.agrees() {
                eprintln!(
                    "endpoint: {n} documents: {} differs: ctockg {}; oxigraph {}",
                    check.name,
                    describe(&check.ctockg),
                    check.oxigraph.as_ref().map_or("–".to_owned(), describe)
                );
            }
            checks.push(check);
        }
        let pages = entity_pages(&client, &ours);
        drop(theirs);
        quiet_table.push((n, quiet_pages(&client, &ours, &pages)));
        drop(ours);

        // the SPARQL mix under load, each server alone on the machine
        let chosen: Vec<&MixQuery> = mix
            .iter()
            .zip(&checks)
            .filter(|(_, check)| whole_mix || check.agrees())
            .map(|(query, _)| query)
            .collect();
        let script_for = |path: &str, file: &str| {
            let requests: Vec<_> = chosen
                .iter()
                .map(|q| ("POST", path.to_owned(), TSV, Some(q.text.as_str())))
                .collect();
            let script = dir.join("endpoint").join(file);
            std::fs::write(&script, wrk_script(&requests)).expect("script");
            script
        };
        let ctockg_script = script_for("/sparql", "mix-ctockg.lua");
        let oxigraph_script = script_for("/query", "mix-oxigraph.lua");
        eprintln!(
            "endpoint: {n} documents: {} queries in the mix, {seconds} s of load on ctockg",
            chosen.len()
        );
        let ctockg_load = run_wrk(&ctockg_script, &start_ctockg(&binary, &dir, false), seconds);
        let oxigraph_load = oxigraph
            .as_ref()
            .zip(location.as_ref())
            .map(|(cli, location)| {
                eprintln!("endpoint: {n} documents: {seconds} s of load on oxigraph");
                run_wrk(&oxigraph_script, &start_oxigraph(cli, location), seconds)
            });
        load_table.push((n, chosen.len(), ctockg_load, oxigraph_load));

        // entity pages under load
        let requests: Vec<_> = pages
            .iter()
            .map(|p| ("GET", p.clone(), "text/html", None))
            .collect();
        let page_script = dir.join("endpoint/pages.lua");
        std::fs::write(&page_script, wrk_script(&requests)).expect("script");
        eprintln!(
            "endpoint: {n} documents: {seconds} s of load on {} entity pages",
            pages.len()
        );
        let page_load = run_wrk(&page_script, &start_ctockg(&binary, &dir, false), seconds);
        page_table.push((n, pages.len(), "evaluated each time", page_load));
        eprintln!("endpoint: {n} documents: the same, with answers kept");
        let page_load = run_wrk(&page_script, &start_ctockg(&binary, &dir, true), seconds);
        page_table.push((n, pages.len(), "kept after the first", page_load));

        // heavy queries, with a light one and a page meanwhile
        let light = "ASK { ?s a <https://w3id.org/ctockg/ontology#Meeting> }";
        let page = pages.first().cloned().unwrap_or_else(|| "/".to_owned());
        for heavy in HEAVY_QUERIES {
            eprintln!("endpoint: {n} documents: 16 × `{heavy}` for {heavy_seconds} s");
            let mut server = start_ctockg(&binary, &dir, false);
            heavy_table.push((
                n,
                heavy_check(&mut server, heavy, light, &page, heavy_seconds),
            ));
        }
        eprintln!("endpoint: {n} documents: a light query beside crowds and hostile queries");
        crowd_table.push((
            n,
            crowd_checks(&start_ctockg(&binary, &dir, false), light, heavy_seconds),
        ));
        checks_table.push((n, checks));
        // printed after each size, so that a run stopped later still leaves these figures
        println!("\n## Up to {n} documents\n");
        print_tables(&checks_table, &load_table, &page_table, &heavy_table);
        print_quiet(&quiet_table);
        print_crowds(&crowd_table);
    }
}

type LoadRow = (usize, usize, Load, Option<Load>);

fn print_quiet(quiet_table: &[(usize, Vec<QuietPage>)]) {
    println!(
        "\n| documents | page, one at a time | pages | status | first: p50 | first: max | again: p50 |\n|---|---|---|---|---|---|---|"
    );
    for (n, rows) in quiet_table {
        for row in rows {
            println!(
                "| {n} | `{}` | {} | {} | {} | {} | {} |",
                row.page,
                row.first.len(),
                row.status,
                ms(percentile(&row.first, 0.5)),
                ms(row.first.last().copied().unwrap_or_default()),
                ms(percentile(&row.again, 0.5)),
            );
        }
    }
}

fn print_tables(
    checks_table: &[(usize, Vec<Check>)],
    load_table: &[LoadRow],
    page_table: &[(usize, usize, &str, Load)],
    heavy_table: &[(usize, Heavy)],
) {
    println!("| documents | query | ctockg serve | oxigraph serve-read-only |\n|---|---|---|---|");
    for (n, checks) in checks_table {
        for check in checks {
            println!(
                "| {n} | {}{} | {} | {} |",
                check.name,
                if check.agrees() { "" } else { " (differs)" },
                describe(&check.ctockg),
                check.oxigraph.as_ref().map_or("–".to_owned(), describe)
            );
        }
    }
    println!(
        "\n| documents | queries in the mix | ctockg req/s | ctockg p50 | ctockg p99 | ctockg errors | oxigraph req/s | oxigraph p50 | oxigraph p99 | oxigraph errors | ctockg/oxigraph (req/s) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (n, queries, ours, theirs) in load_table {
        let (their_rate, their_p50, their_p99, their_errors, ratio) = match theirs {
            Some(t) => (
                format!("{:.1}", t.per_second()),
                ms(t.p50),
                ms(t.p99),
                t.error_summary(),
                format!("{:.2}", ours.per_second() / t.per_second().max(1e-9)),
            ),
            None => Default::default(),
        };
        println!(
            "| {n} | {queries} | {:.1} | {} | {} | {} | {their_rate} | {their_p50} | {their_p99} | {their_errors} | {ratio} |",
            ours.per_second(),
            ms(ours.p50),
            ms(ours.p99),
            ours.error_summary(),
        );
    }
    println!(
        "\n| documents | entity pages | answers | req/s | p50 | p99 | errors |\n|---|---|---|---|---|---|---|"
    );
    for (n, pages, answers, load) in page_table {
        println!(
            "| {n} | {pages} | {answers} | {:.1} | {} | {} | {} |",
            load.per_second(),
            ms(load.p50),
            ms(load.p99),
            load.error_summary()
        );
    }
    println!(
        "\n| documents | 16 × heavy query | heavy answers | RSS at start | peak RSS | light query p50 | light max | light failed | page p50 | page max | page failed |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (n, heavy) in heavy_table {
        let answers: Vec<String> = heavy
            .heavy_statuses
            .iter()
            .map(|(status, count)| format!("{count} × {status}"))
            .collect();
        println!(
            "| {n} | `{}` | {} | {:.0} MB | {}{:.0} MB | {} | {} | {} | {} | {} | {} |",
            heavy.query,
            answers.join(", "),
            heavy.start_rss_kb as f64 / 1024.0,
            if heavy.killed { "> " } else { "" },
            heavy.peak_rss_kb as f64 / 1024.0,
            ms(percentile(&heavy.light, 0.5)),
            ms(heavy.light.last().copied().unwrap_or_default()),
            heavy.light_failures,
            ms(percentile(&heavy.page, 0.5)),
            ms(heavy.page.last().copied().unwrap_or_default()),
            heavy.page_failures,
        );
    }
}
