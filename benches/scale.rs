//! Scale benchmark: synthetic corpora of 100, 1,000 and 10,000 documents (`CTOCKG_BENCH_SIZES`
//! to change), each measured for
//! - `ctockg build` (the release binary, as a user runs it, search index included): documents/s,
//!   triples/s, peak RSS, store size, the time of each phase; the same build on one thread; and
//!   `oxigraph load` of the same quads when the Oxigraph CLI is installed (`make bench` installs
//!   it from PyPI), as a ratio;
//! - `ctockg dump` (canonical N-Quads, sorted in bounded memory): time and peak RSS;
//! - extraction alone (text → facts) in MB/s;
//! - the rebuild after one document changed: once a text edit that leaves the entities graph as
//!   it was, once a State added to an attendance list, which changes it;
//! - `ctockg evolution` (the release binary): one theme, and every theme with its SVG chart;
//! - the search index: made afresh from the store (time, passages, size on disk), and the
//!   p50/p95 latency of a fixed list of searches, Chinese and English, some with filters;
//! - p50/p95 latency of every shipped query on the store and on the server's in-memory index,
//!   and the most each held on the in-memory index, as the server's memory budget counts it
//!   (`CTOCKG_BENCH_QUERIES=0` skips them, `CTOCKG_BENCH_QUERY_NAMES=a,b` times only those).
//!
//! Run with `make bench`; it prints a Markdown table (BENCHMARKS.md holds one run's figures).

mod common;
use common::{corpus_params, ms, oxigraph_cli, percentile, release_binary, repo, sizes};

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ctockg::ingest::{self, Paths, Silent};
use ctockg::server::memory::Budget;
use ctockg::{GraphStore, queries, search, synth};
use oxigraph::sparql::CancellationToken;

/// jemalloc, counting the bytes of each query against the server's memory budget
/// (`ctockg::server::memory`).
#[global_allocator]
static ALLOCATOR: ctockg::server::memory::CountingAllocator =
    ctockg::server::memory::CountingAllocator;

/// The opening of an attendance list, to which the second rebuild adds a State.
const ATTENDANCE: &str = "出席了本次会议：";

/// The Chinese name of a State of the gazetteer that `text` does not name: the synthetic
/// attendance lists draw on the whole UN list, so the State is looked for.
fn unnamed_state(paths: &Paths, text: &str) -> String {
    ctockg::gazetteer::Gazetteer::load(&paths.data, &paths.ontology)
        .expect("gazetteer")
        .countries
        .into_iter()
        .map(|country| country.zh)
        .find(|zh| !zh.is_empty() && !text.contains(zh.as_str()))
        .expect("a State the document does not name")
}

/// This process's resident set size now (VmRSS), in KB.
fn resident_set_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmRSS:")?
                    .trim()
                    .trim_end_matches(" kB")
                    .parse()
                    .ok()
            })
        })
        .unwrap_or(0)
}

/// Runs a command, polling its peak resident set size (VmHWM) until it exits.
fn run_measured(command: &mut Command) -> (Duration, u64, bool) {
    run_logged(command.stderr(std::process::Stdio::null()))
}

/// [`run_measured`], with the command's standard error left as the caller set it (a file).
fn run_logged(command: &mut Command) -> (Duration, u64, bool) {
    let started = Instant::now();
    let mut child = command
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("command starts");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            for line in status.lines() {
                if let Some(v) = line.strip_prefix("VmHWM:") {
                    let kb: u64 = v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
                    peak_kb = peak_kb.max(kb);
                }
            }
        }
        if let Some(status) = child.try_wait().expect("wait") {
            return (started.elapsed(), peak_kb, status.success());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A `ctockg` command on a corpus, as a user runs it.
fn ctockg_command(binary: &Path, subcommand: &str, paths: &Paths) -> Command {
    let mut command = Command::new(binary);
    command
        .arg(subcommand)
        .arg("--data")
        .arg(&paths.data)
        .arg("--store")
        .arg(&paths.store);
    command
}

/// `ctockg build` of a corpus, as a user runs it.
fn build_command(binary: &Path, paths: &Paths) -> Command {
    ctockg_command(binary, "build", paths)
}

/// The phases a build printed with `--timings` (`phase NAME: SECONDS s`), and the search
/// index's update (`search index made: … in TIME`), in order.
fn phases_of(log: &str) -> Vec<(String, String)> {
    log.lines()
        .filter_map(|line| {
            if let Some(phase) = line.strip_prefix("phase ") {
                let (name, time) = phase.rsplit_once(": ")?;
                return Some((name.to_owned(), time.to_owned()));
            }
            let search = line.strip_prefix("search index made:")?;
            Some((
                "search index".to_owned(),
                search.rsplit_once(" in ")?.1.to_owned(),
            ))
        })
        .collect()
}

fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                dir_size(&p)
            } else {
                e.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}

/// A timed search: its words, a body filter, a span of meeting dates.
type TimedSearch = (
    &'static str,
    Option<&'static str>,
    Option<(&'static str, &'static str)>,
);

/// The searches timed: words and phrases the synthetic corpus (recombined from the bundled
/// Chinese documents) holds, a word it lacks, English, and filters.
const SEARCHES: &[TimedSearch] = &[
    ("偷运移民", None, None),
    ("人口贩运", None, None),
    ("国际合作", None, None),
    ("技术", None, None),
    ("秘书处 报告", None, None),
    ("\"偷运移民问题工作组\"", None, None),
    ("移民 OR 难民", None, None),
    ("企鹅", None, None),
    ("smuggling of migrants", None, None),
    ("偷运移民", Some("wg7"), None),
    ("国际合作", None, Some(("2015-01-01", "2020-12-31"))),
];

/// What the search phase measured.
struct SearchFigures {
    made: Duration,
    passages: usize,
    bytes: u64,
    runs: usize,
    p50: Duration,
    p95: Duration,
    slowest: Duration,
}

/// The index made afresh from the store (the build made one: it is deleted first), then each
/// of [`SEARCHES`] run 20 times for a page of 20 hits with their snippets, as `/search` does.
fn measure_search(paths: &Paths) -> SearchFigures {
    let store = GraphStore::open(&paths.store).expect("store");
    let _ = std::fs::remove_dir_all(search::directory(&paths.store));
    let started = Instant::now();
    let made = search::update(&paths.store, &store, &Silent).expect("the index is made");
    let made_in = started.elapsed();
    let index = search::SearchIndex::open(&paths.store).expect("the index opens");
    let mut times = Vec::new();
    for _ in 0..20 {
        for (text, body, span) in SEARCHES {
            let request = search::Request {
                body: body.map(str::to_owned),
                from: span.map(|(from, _)| from.to_owned()),
                to: span.map(|(_, to)| to.to_owned()),
                ..search::Request::new(text)
            };
            let started = Instant::now();
            let hits = index.search(&request).expect("the search runs");
            std::hint::black_box(hits);
            times.push(started.elapsed());
        }
    }
    times.sort();
    SearchFigures {
        made: made_in,
        passages: made.passages,
        bytes: dir_size(&search::directory(&paths.store)),
        runs: times.len(),
        p50: percentile(&times, 0.5),
        p95: percentile(&times, 0.95),
        slowest: times.last().copied().unwrap_or_default(),
    }
}

/// Where a shipped query is run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The RocksDB store, as `ctockg query` runs it.
    Store,
    /// The server's in-memory index (`src/resident.rs`).
    Index,
    /// Oxigraph's own in-memory dataset (`oxrdf::Dataset`).
    Standard,
}

/// One shipped query's latencies (p50, p95) on each target.
struct Latency {
    n: usize,
    query: String,
    index: (Duration, Duration),
    store: (Duration, Duration),
    standard: (Duration, Duration),
    runs: usize,
    /// The most its thread held at once on the index.
    held: usize,
}

impl Latency {
    fn row(&self) -> String {
        format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} MB |",
            self.n,
            self.query,
            ms(self.index.0),
            ms(self.index.1),
            ms(self.store.0),
            ms(self.store.1),
            ms(self.standard.0),
            ms(self.standard.1),
            self.runs,
            self.held as f64 / f64::from(1 << 20)
        )
    }
}

/// Whether to time the shipped query `name`: `CTOCKG_BENCH_QUERY_NAMES` (names separated by
/// commas) picks some; all are timed unless told.
fn query_wanted(name: &str) -> bool {
    std::env::var("CTOCKG_BENCH_QUERY_NAMES")
        .map_or(true, |names| names.split(',').any(|n| n.trim() == name))
}

fn main() {
    // `cargo test --all-targets` runs bench binaries too, without `--bench`: do nothing then
    if !std::env::args().any(|a| a == "--bench") {
        println!("scale benchmark: run it with `make bench` (or `cargo bench --bench scale`)");
        return;
    }
    let sizes = sizes();
    let binary = release_binary();
    let oxigraph = oxigraph_cli();
    let root = repo().join("target/bench");
    println!(
        "| documents | build | docs/s | triples | triples/s | peak RSS | store | oxigraph load | ctockg/oxigraph (triples/s) | extraction | rebuild, 1 text edited | rebuild, 1 attendance changed |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut latencies = Vec::new();
    let mut copies = Vec::new();
    let mut standards = Vec::new();
    let mut reports = Vec::new();
    let mut searches = Vec::new();
    let mut cores = Vec::new();
    let mut phases = Vec::new();
    let mut dumps = Vec::new();
    for &n in &sizes {
        let dir = root.join(format!("n{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        let corpus =
            synth::write_corpus(&repo().join("data"), &repo().join("ontology"), &dir, n, 42)
                .expect("corpus written");
        let paths = Paths::new(dir.join("data"), dir.join("store"));

        // extraction alone, in process
        let started = Instant::now();
        let extraction = ingest::extract_corpus(&paths, &Silent).expect("extracts");
        let extract_time = started.elapsed();
        assert_eq!(extraction.documents.len(), n, "{:?}", extraction.errors);
        drop(extraction);
        let mb_per_s = corpus.bytes as f64 / 1e6 / extract_time.as_secs_f64();

        // the build, as a user runs it, with the time of each phase
        let log = dir.join("build.log");
        let (build_time, peak_kb, ok) = run_logged(
            build_command(&binary, &paths)
                .arg("--timings")
                .stderr(std::fs::File::create(&log).expect("log file")),
        );
        assert!(ok, "ctockg build failed on {n} documents");
        phases.push((
            n,
            phases_of(&std::fs::read_to_string(&log).expect("build log")),
        ));
        let store = GraphStore::open(&paths.store).expect("store");
        let triples = store.len().expect("len");
        let store_bytes = dir_size(&paths.store);
        drop(store);

        // the same build on one thread, into a store of its own
        let one_thread = Paths::new(paths.data.clone(), dir.join("store-1"));
        let (one_thread_time, _, ok) =
            run_measured(build_command(&binary, &one_thread).env("RAYON_NUM_THREADS", "1"));
        assert!(ok, "ctockg build on one thread failed on {n} documents");
        let _ = std::fs::remove_dir_all(&one_thread.store);

        // the dump, as a user writes it (canonical N-Quads, sorted in bounded memory)
        let dump = dir.join("dump.nq");
        let (dump_time, dump_kb, ok) = run_measured(
            ctockg_command(&binary, "dump", &paths)
                .arg("--output")
                .arg(&dump),
        );
        assert!(ok, "ctockg dump failed on {n} documents");
        dumps.push((
            n,
            dump_time,
            dump_kb,
            std::fs::metadata(&dump).map_or(0, |m| m.len()),
        ));

        // the same quads through Oxigraph's own bulk loader
        let oxigraph_figures = oxigraph.as_ref().map(|cli| {
            let location = dir.join("oxigraph-store");
            let (time, _, ok) = run_measured(
                Command::new(cli)
                    .arg("load")
                    .arg("--location")
                    .arg(&location)
                    .arg("--file")
                    .arg(&dump),
            );
            assert!(ok, "oxigraph load failed");
            time
        });

        // rebuild after one changed document
        let changed = std::fs::read_dir(paths.data.join("documents"))
            .expect("documents")
            .flatten()
            .map(|e| e.path())
            .min()
            .expect("a document");
        let text = std::fs::read_to_string(&changed).expect("read");
        std::fs::write(&changed, text.replacen("工作组", "本工作组", 1)).expect("write");
        let (rebuild_time, _, ok) = run_measured(&mut build_command(&binary, &paths));
        assert!(ok, "rebuild failed");
        // and after a change to what a document says of a meeting (a State added to an
        // attendance list), which changes the entities graph too: its hash must move
        let attendance = std::fs::read_dir(paths.data.join("documents"))
            .expect("documents")
            .flatten()
            .map(|e| e.path())
            .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains(ATTENDANCE)))
            .min()
            .expect("a document with an attendance list");
        let text = std::fs::read_to_string(&attendance).expect("read");
        let added = unnamed_state(&paths, &text);
        std::fs::write(
            &attendance,
            text.replacen(ATTENDANCE, &format!("{ATTENDANCE}{added}、"), 1),
        )
        .expect("write");
        let entities_hash = || {
            GraphStore::open(&paths.store)
                .expect("store")
                .recorded_hash(&ctockg::graph::iri::entities_graph())
                .expect("hash")
        };
        let before = entities_hash();
        let (entity_rebuild_time, _, ok) = run_measured(&mut build_command(&binary, &paths));
        assert!(ok, "rebuild failed");
        assert_ne!(
            entities_hash(),
            before,
            "the attendance change must reach the entities graph"
        );

        let rate = triples as f64 / build_time.as_secs_f64();
        cores.push((n, build_time, one_thread_time, oxigraph_figures));
        let (ox_time, ratio) = match oxigraph_figures {
            Some(t) => (
                format!("{:.2} s", t.as_secs_f64()),
                format!("{:.2}", rate / (triples as f64 / t.as_secs_f64())),
            ),
            None => ("not installed".to_owned(), "–".to_owned()),
        };
        println!(
            "| {n} | {:.2} s | {:.0} | {triples} | {:.0} | {:.0} MB | {:.0} MB | {ox_time} | {ratio} | {mb_per_s:.1} MB/s | {:.2} s | {:.2} s |",
            build_time.as_secs_f64(),
            n as f64 / build_time.as_secs_f64(),
            rate,
            peak_kb as f64 / 1024.0,
            store_bytes as f64 / 1e6,
            rebuild_time.as_secs_f64(),
            entity_rebuild_time.as_secs_f64(),
        );
        // the evolution report as a user runs it: one theme, then every theme with its chart
        for (what, args) in [
            ("technology", vec![OsString::from("technology")]),
            (
                "--all --svg",
                vec![
                    "--all".into(),
                    "--svg".into(),
                    dir.join("evolution.svg").into(),
                ],
            ),
        ] {
            let (time, peak_kb, ok) =
                run_measured(ctockg_command(&binary, "evolution", &paths).args(args));
            assert!(ok, "ctockg evolution {what} failed on {n} documents");
            reports.push((n, what, time, peak_kb));
        }

        searches.push((n, measure_search(&paths)));

        if std::env::var("CTOCKG_BENCH_QUERIES").is_ok_and(|v| v == "0") {
            continue;
        }

        // shipped queries, with their example parameters (a meeting of this corpus for theirs),
        // on the store (as `ctockg query` runs them) and on its in-memory index (as the server
        // does)
        let store = GraphStore::open(&paths.store).expect("store");
        let indexing = Instant::now();
        let resident = Arc::new(store.resident().expect("copied into memory"));
        let size = resident.size();
        copies.push((
            n,
            indexing.elapsed(),
            size.quads,
            size.terms,
            resident_set_kb(),
        ));
        // Oxigraph's own in-memory dataset (`oxrdf::Dataset`), which the evaluator reads as
        // it reads the index: the design the index is measured against
        let before_kb = resident_set_kb();
        let loading = Instant::now();
        let standard: oxigraph::model::Dataset = store
            .quads(None, None, None, None)
            .expect("quads")
            .into_iter()
            .collect();
        standards.push((
            n,
            loading.elapsed(),
            standard.len(),
            resident_set_kb().saturating_sub(before_kb),
        ));
        for query in queries::list(&repo().join("queries")).expect("queries") {
            if !query_wanted(&query.name) {
                continue;
            }
            let params = corpus_params(&store, &query.text);
            let bindings =
                queries::bind(&queries::parameters(&query.text).expect("header"), &params)
                    .expect("binds");
            let mut figures = Vec::new();
            // the most the query's thread held at once on the in-memory index, counted by the server's
            // allocator as `--max-query-memory` counts it
            let memory = Budget::new(usize::MAX);
            let mut held = 0;
            // each target's answer, as TSV lines sorted: the three must give the same rows
            let mut answers = Vec::new();
            for target in [Target::Store, Target::Index, Target::Standard] {
                let mut times = Vec::new();
                let mut answer = Vec::new();
                let budget = Instant::now();
                while times.len() < 20
                    && (times.len() < 3 || budget.elapsed() < Duration::from_secs(20))
                {
                    let account = memory.open(CancellationToken::new());
                    let started = Instant::now();
                    let written = account.charge_while(|| {
                        let mut sink = Vec::new();
                        let format = ctockg::store::OutputFormat::Tsv;
                        match target {
                            Target::Index => {
                                // as the server answers: the rows held as the index's term
                                // ids, then written
                                let table = store
                                    .select_resident(&resident, &query.text, &bindings)
                                    .expect("runs")
                                    .expect("a SELECT query");
                                ctockg::store::write_table(&table, format, &mut sink)
                                    .expect("serialises");
                            }
                            Target::Store => {
                                let results =
                                    store.evaluate_with(&query.text, &bindings).expect("runs");
                                ctockg::store::write_results(results, format, &mut sink)
                                    .expect("serialises");
                            }
                            Target::Standard => {
                                let results = store
                                    .evaluate_on(&standard, &query.text, &bindings)
                                    .expect("runs");
                                ctockg::store::write_results(results, format, &mut sink)
                                    .expect("serialises");
                            }
                        }
                        sink
                    });
                    times.push(started.elapsed());
                    memory.close(&account);
                    if answer.is_empty() {
                        let text = String::from_utf8_lossy(&written);
                        answer = text.lines().map(str::to_owned).collect::<Vec<_>>();
                        answer.sort_unstable();
                    }
                    if target == Target::Index {
                        held = held.max(account.peak());
                    }
                }
                times.sort();
                figures.push((
                    percentile(&times, 0.5),
                    percentile(&times, 0.95),
                    times.len(),
                ));
                answers.push(answer);
            }
            if answers.iter().any(|answer| *answer != answers[0]) {
                eprintln!(
                    "scale: {n} documents: `{}` answers differently on the store, the index and Oxigraph's Dataset ({} rows)",
                    query.name,
                    answers
                        .iter()
                        .map(|a| a.len().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            let [
                (store_p50, store_p95, _),
                (p50, p95, runs),
                (standard_p50, standard_p95, _),
            ] = figures[..]
            else {
                unreachable!("three figures")
            };
            let latency = Latency {
                n,
                query: query.name,
                index: (p50, p95),
                store: (store_p50, store_p95),
                standard: (standard_p50, standard_p95),
                runs,
                held,
            };
            // printed as measured too, so that a run cut short still leaves its figures
            eprintln!("latency {}", latency.row());
            latencies.push(latency);
        }
    }
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "\n| documents | build, {threads} cores | build, 1 thread | speed-up | ctockg/oxigraph, {threads} cores | ctockg/oxigraph, 1 thread |\n|---|---|---|---|---|---|"
    );
    for (n, all, one, oxigraph) in cores {
        let ratio = |build: Duration| {
            oxigraph.map_or("–".to_owned(), |ox| {
                format!("{:.2}", ox.as_secs_f64() / build.as_secs_f64())
            })
        };
        println!(
            "| {n} | {:.2} s | {:.2} s | {:.2} | {} | {} |",
            all.as_secs_f64(),
            one.as_secs_f64(),
            one.as_secs_f64() / all.as_secs_f64(),
            ratio(all),
            ratio(one)
        );
    }
    println!("\n| documents | phase of `ctockg build` | time |\n|---|---|---|");
    for (n, phases) in phases {
        for (phase, time) in phases {
            println!("| {n} | {phase} | {time} |");
        }
    }
    println!("\n| documents | `ctockg dump` | peak RSS | size |\n|---|---|---|---|");
    for (n, time, peak_kb, bytes) in dumps {
        println!(
            "| {n} | {:.2} s | {:.0} MB | {:.0} MB |",
            time.as_secs_f64(),
            peak_kb as f64 / 1024.0,
            bytes as f64 / 1e6
        );
    }
    println!("\n| documents | `ctockg evolution` | time | peak RSS |\n|---|---|---|---|");
    for (n, what, time, peak_kb) in reports {
        println!(
            "| {n} | {what} | {:.2} s | {:.0} MB |",
            time.as_secs_f64(),
            peak_kb as f64 / 1024.0
        );
    }
    println!(
        "\n| documents | search index made | passages | index size | searches | p50 | p95 | slowest |\n|---|---|---|---|---|---|---|---|"
    );
    for (n, figures) in &searches {
        println!(
            "| {n} | {:.2} s | {} | {:.0} MB | {} | {} | {} | {} |",
            figures.made.as_secs_f64(),
            figures.passages,
            figures.bytes as f64 / 1e6,
            figures.runs,
            ms(figures.p50),
            ms(figures.p95),
            ms(figures.slowest),
        );
    }
    println!(
        "\n| documents | in-memory index made | quads | terms | RSS of the bench with it |\n|---|---|---|---|---|"
    );
    for (n, time, quads, terms, peak_kb) in copies {
        println!(
            "| {n} | {:.2} s | {quads} | {terms} | {:.0} MB |",
            time.as_secs_f64(),
            peak_kb as f64 / 1024.0
        );
    }
    println!(
        "\n| documents | Oxigraph's in-memory `Dataset` made | quads | memory it took (RSS) |\n|---|---|---|---|"
    );
    for (n, time, quads, kb) in standards {
        println!(
            "| {n} | {:.2} s | {quads} | {:.0} MB |",
            time.as_secs_f64(),
            kb as f64 / 1024.0
        );
    }
    println!(
        "\n| documents | query | p50 (server, in-memory index) | p95 (server) | p50 (`ctockg query`, store) | p95 (store) | p50 (Oxigraph's `Dataset`) | p95 (`Dataset`) | runs | most held, index |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    for latency in latencies {
        println!("{}", latency.row());
    }
    println!("\nThe endpoint under load is measured by `cargo bench --bench endpoint`.");
}
