//! The endpoint's pages for people: the query editor at `/sparql`, themes over time
//! (`/themes`), pictures (`/pictures`), CSV with a byte-order mark; in-process over the bundled
//! store, then in headless Chromium against the real binary (`tests/browser/check.mjs`).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use ctockg::evolution::{Evolution, Format as ReportFormat, Lang, Selection};
use ctockg::server::{Config, Endpoint};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use oxigraph::store::Store;

use crate::common::{built, differences, repo, scratch};
use crate::server::{BROWSER, endpoint, get, http, query_uri, serve_data, with_library};

fn check(problems: Vec<String>) {
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

fn header<'r>(reply: &'r crate::server::Reply, name: &str) -> Option<&'r str> {
    reply
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The value column of the terminal timeline (`ctockg evolution KEY`): the meeting lines and
/// each evidence line without its field name, as a page shows them.
fn timeline_values(key: &str, lang: Lang) -> Vec<String> {
    let report =
        Evolution::load(&built().store, &Selection::Theme(key.to_owned())).expect("report");
    let mut text = Vec::new();
    report
        .write(ReportFormat::Table, lang, &mut text)
        .expect("the timeline writes");
    let text = String::from_utf8(text).expect("UTF-8");
    let mut values = Vec::new();
    for line in text.lines().skip(3).filter(|l| !l.trim().is_empty()) {
        if let Some(evidence) = line.strip_prefix("    ") {
            // "agenda items      3. Title": the value after the padded field name
            let value = evidence
                .trim_start()
                .split_once("  ")
                .map_or(evidence.trim(), |(_, v)| v.trim());
            values.push(value.to_owned());
        } else {
            let (date, label) = line.split_once("  ").expect("date, then the meeting");
            values.push(date.to_owned());
            values.push(label.split("  ★").next().unwrap_or(label).trim().to_owned());
        }
    }
    values
}

#[test]
fn a_theme_page_shows_what_the_evolution_report_says() {
    let server = endpoint(Config::default());
    for (key, lang, suffix) in [
        ("technology", Lang::En, ""),
        ("crisis-impact", Lang::En, ""),
        ("international-cooperation", Lang::Zh, "?lang=zh"),
    ] {
        let reply = get(&server, &format!("/themes/{key}{suffix}"), Some(BROWSER));
        assert_eq!(reply.status, 200, "/themes/{key}{suffix}: {}", reply.text());
        let page = reply.text();
        let mut missing = Vec::new();
        for value in timeline_values(key, lang) {
            // the quote line: “text” — source; the page has the text and the source apart
            let parts: Vec<String> =
                match value.strip_prefix('“').and_then(|v| v.split_once("” — ")) {
                    Some((quote, source)) => vec![quote.to_owned(), source.to_owned()],
                    None => vec![value.clone()],
                };
            for part in parts {
                if !page.contains(&ctockg::markup::escape(&part)) {
                    missing.push(format!("{key} ({lang:?}): the page lacks {part:?}"));
                }
            }
        }
        check(missing);
        assert!(
            page.contains(&format!("src=\"/themes/{key}.svg")),
            "the chart"
        );
    }
    let technology = get(&server, "/themes/technology", Some(BROWSER)).text();
    assert!(technology.contains("2020-09-08"), "the 7th meeting");
    let chart = get(&server, "/themes/technology.svg", None);
    assert_eq!(chart.status, 200);
    assert!(
        header(&chart, "content-type")
            .unwrap_or("")
            .starts_with("image/svg+xml")
    );
    assert!(
        chart.text().contains("8 Sep 2020"),
        "the meeting on the chart"
    );
    assert!(
        header(&chart, "content-security-policy").is_some_and(|p| p.contains("default-src 'none'")),
        "an SVG runs no script"
    );
    let unknown = get(&server, "/themes/no-such-theme", Some(BROWSER));
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.text().contains("technology"),
        "the error lists the themes"
    );
    assert_eq!(get(&server, "/themes?lang=fr", Some(BROWSER)).status, 400);
}

#[test]
fn the_themes_page_lists_every_theme_with_its_first_and_last_meeting() {
    let server = endpoint(Config::default());
    let page = get(&server, "/themes", Some(BROWSER)).text();
    let report = Evolution::load(&built().store, &Selection::All).expect("report");
    let mut expected = BTreeSet::new();
    for timeline in &report.timelines {
        let (Some(first), Some(last)) = (timeline.first(), timeline.appearances.last()) else {
            continue;
        };
        expected.insert(format!(
            "{} {} {}",
            timeline.theme.key, first.meeting.start, last.meeting.start
        ));
    }
    // read back from the table rows
    let mut actual = BTreeSet::new();
    for row in page.split("<tr><td>").skip(1) {
        let key = row
            .split("href=\"/themes/")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("?");
        let dates: Vec<&str> = row
            .split("<td>")
            .skip(1)
            .filter_map(|cell| cell.get(..10))
            .collect();
        if dates.len() == 2 {
            actual.insert(format!("{key} {} {}", dates[0], dates[1]));
        }
    }
    check(differences(
        "themes with first and last meeting",
        &expected,
        &actual,
    ));
    assert_eq!(expected.len(), 10, "every top theme appears somewhere");
}

#[test]
fn pictures_are_the_export_views_as_svg() {
    let server = endpoint(Config::default());
    let index = get(&server, "/pictures", Some(BROWSER)).text();
    for link in [
        "/pictures/mandates.svg",
        "/pictures/themes.svg",
        "/pictures/citations.svg",
        "/pictures/meeting/wg7/2020-09-08.svg",
        "/pictures/participation/ITA.svg",
    ] {
        assert!(
            index.contains(&format!("href=\"{link}\"")),
            "/pictures links {link}"
        );
        let reply = get(&server, link, None);
        assert_eq!(reply.status, 200, "{link}: {}", reply.text());
        let svg = reply.text();
        assert!(svg.contains("<svg"), "{link} is SVG");
        assert!(!svg.contains("<script"), "{link} holds no script");
    }
    // each picture is the command line's, byte for byte: the same DOT, drawn by the same dot
    for (link, view) in [
        ("/pictures/mandates.svg", ctockg::export::View::Mandates),
        (
            "/pictures/participation/ITA.svg",
            ctockg::export::View::Participation {
                country: "ITA".to_owned(),
            },
        ),
    ] {
        let options = ctockg::export::Options {
            max_nodes: Some(250),
            ..Default::default()
        };
        let rendered = ctockg::export::render(&built().store, &view, &options).expect("drawn");
        let drawn = ctockg::export::Graphviz::new("dot")
            .render(&rendered.dot, ctockg::export::OutputFormat::Svg)
            .expect("dot");
        assert!(
            get(&server, link, None).body == drawn,
            "{link} as ctockg export dot draws it"
        );
    }
    // the meeting's picture holds what the command line's holds: the same DOT, drawn
    let meeting = get(
        &server,
        "/pictures/meeting/wg7/2020-09-08.svg?lang=zh",
        None,
    )
    .text();
    assert!(
        meeting.contains("CTOC/COP/WG.7/2020/3"),
        "a background paper of the meeting"
    );
    let themes = get(
        &server,
        "/pictures/themes.svg?theme=technology&from=2020-01-01",
        None,
    )
    .text();
    assert!(themes.contains("<svg"));
    for (path, status) in [
        ("/pictures/meeting/wg7/1999-01-01.svg", 404),
        ("/pictures/participation/XXX.svg", 404),
        ("/pictures/themes.svg?from=yesterday", 400),
        ("/pictures/themes.svg?max-nodes=0", 400),
        ("/pictures/themes.svg?lang=fr", 400),
        ("/pictures/nothing.svg", 404),
    ] {
        let reply = get(&server, path, Some(BROWSER));
        assert_eq!(reply.status, status, "{path}: {}", reply.text());
    }
}

#[test]
fn csv_comes_with_a_byte_order_mark_when_asked() {
    let server = endpoint(with_library());
    let query = "SELECT ?label WHERE { <https://w3id.org/ctockg/id/body/wg7> <http://www.w3.org/2000/01/rdf-schema#label> ?label }";
    let plain = get(&server, &format!("{}&format=csv", query_uri(query)), None);
    let marked = get(
        &server,
        &format!("{}&format=csv&bom=1", query_uri(query)),
        None,
    );
    assert!(!plain.body.starts_with("\u{feff}".as_bytes()));
    assert!(marked.body.starts_with("\u{feff}".as_bytes()));
    assert_eq!(
        &marked.body[3..],
        &plain.body[..],
        "the same CSV after the mark"
    );
    assert!(marked.text().contains("偷运移民问题工作组"));
    let named = get(&server, "/queries/meetings?format=csv&bom=1", None);
    assert!(
        named.body.starts_with("\u{feff}".as_bytes()),
        "a shipped query too"
    );
    // JSON is never marked; a wrong value is refused
    let json = get(
        &server,
        &format!("{}&format=json&bom=1", query_uri(query)),
        None,
    );
    assert!(json.body.starts_with(b"{"));
    assert_eq!(
        get(&server, &format!("{}&bom=maybe", query_uri(query)), None).status,
        400
    );
    // the results page's CSV link asks for the mark
    let page = get(&server, &query_uri(query), Some(BROWSER)).text();
    assert!(page.contains("format=csv&amp;bom=1"), "{page}");
}

#[test]
fn the_editor_page_allows_only_its_own_scripts() {
    let config = with_library();
    let names: Vec<String> = config.library.iter().map(|q| q.name.clone()).collect();
    let server = endpoint(config);
    let reply = get(&server, "/sparql", Some(BROWSER));
    assert_eq!(reply.status, 200);
    let policy = header(&reply, "content-security-policy").expect("a policy");
    assert!(
        policy.contains("script-src 'self'") && policy.contains("connect-src 'self'"),
        "{policy}"
    );
    assert!(
        !policy.contains("unsafe-eval") && !policy.contains("http"),
        "{policy}"
    );
    let page = reply.text();
    assert!(page.contains("<script src=\"/editor/yasgui.min.js\">"));
    // the settings block: the examples are the shipped queries, each parsing as SPARQL
    let settings = page
        .split("<script type=\"application/json\" id=\"ctockg-config\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the settings block");
    let settings: serde_json::Value = serde_json::from_str(settings).expect("JSON");
    let examples = settings["examples"].as_array().expect("examples");
    let offered: Vec<String> = examples
        .iter()
        .map(|e| e["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(offered, names, "every shipped query");
    for example in examples {
        let text = example["text"].as_str().unwrap_or_default();
        spargebra::SparqlParser::new()
            .parse_query(text)
            .unwrap_or_else(|e| panic!("{}: {e}\n{text}", example["name"]));
    }
    assert!(settings["prefixes"]["ck"] == "https://w3id.org/ctockg/ontology#");
    let classes = settings["classes"].as_array().expect("classes");
    assert!(
        classes
            .iter()
            .any(|c| c == "https://w3id.org/ctockg/ontology#Meeting")
    );
    let properties = settings["properties"].as_array().expect("properties");
    assert!(
        properties
            .iter()
            .any(|p| p == "https://w3id.org/ctockg/ontology#startDate")
    );
    // its files, from npm and from the repository
    for (file, kind) in [
        ("yasgui.min.js", "text/javascript"),
        ("yasgui.min.css", "text/css"),
        ("ctockg-sparql.js", "text/javascript"),
    ] {
        let reply = get(&server, &format!("/editor/{file}"), None);
        assert_eq!(reply.status, 200, "{file}");
        assert!(
            header(&reply, "content-type")
                .unwrap_or("")
                .starts_with(kind)
        );
    }
    assert_eq!(get(&server, "/editor/../Cargo.toml", None).status, 404);
    // every other page keeps the policy that runs no script
    let home = get(&server, "/", Some(BROWSER));
    assert!(
        header(&home, "content-security-policy")
            .is_some_and(|p| p.starts_with("default-src 'none'; style-src"))
    );
}

/// A store with a theme label and a paragraph that hold markup: every page shows them as text.
#[test]
fn markup_in_labels_and_paragraphs_is_shown_as_text() {
    let store = Store::new().expect("memory store");
    for quad in built().store.inner().iter() {
        store.insert(&quad.expect("quad")).expect("insert");
    }
    let hostile = "<script>alert('x')</script>";
    let theme = NamedNode::new("https://w3id.org/ctockg/id/theme/technology").expect("iri");
    let label = NamedNode::new("http://www.w3.org/2004/02/skos/core#prefLabel").expect("iri");
    let graph =
        GraphName::NamedNode(NamedNode::new("https://w3id.org/ctockg/id/graph/test").expect("iri"));
    store
        .insert(&Quad::new(
            theme.clone(),
            label.clone(),
            Term::Literal(Literal::new_language_tagged_literal_unchecked(
                format!("a {hostile} label"),
                "aa",
            )),
            graph.clone(),
        ))
        .expect("insert");
    // every paragraph text mentioning technology gets markup too
    let text = NamedNode::new("https://w3id.org/ctockg/ontology#text").expect("iri");
    let old: Vec<Quad> = store
        .quads_for_pattern(None, Some(text.as_ref()), None, None)
        .map(|q| q.expect("quad"))
        .collect();
    for quad in old {
        if let Term::Literal(literal) = &quad.object {
            store.remove(&quad).expect("remove");
            let marked = format!("{hostile}{}", literal.value());
            let object = match literal.language() {
                Some(lang) => Literal::new_language_tagged_literal_unchecked(marked, lang),
                None => Literal::new_simple_literal(marked),
            };
            store
                .insert(&Quad::new(
                    quad.subject.clone(),
                    quad.predicate.clone(),
                    object,
                    quad.graph_name.clone(),
                ))
                .expect("insert");
        }
    }
    let server = Endpoint::new(store, Config::default());
    for uri in [
        "/themes",
        "/themes/technology",
        "/themes/technology?lang=zh",
        "/pictures",
    ] {
        let page = get(&server, uri, Some(BROWSER)).text();
        assert!(
            !page.contains("<script>alert"),
            "{uri} writes markup from the graph"
        );
    }
    let page = get(&server, "/themes/technology", Some(BROWSER)).text();
    assert!(
        page.contains("&lt;script&gt;alert"),
        "the quote shown as text"
    );
    for uri in ["/themes/technology.svg", "/pictures/themes.svg"] {
        let svg = get(&server, uri, None).text();
        assert!(!svg.contains("<script>"), "{uri}");
    }
}

/// The query typed in the browser: documents per meeting, a number column to chart.
const BROWSER_QUERY: &str = "PREFIX ck: <https://w3id.org/ctockg/ontology#>
SELECT ?start (COUNT(DISTINCT ?d) AS ?documents) WHERE {
  ?m a ck:Meeting ; ck:startDate ?start .
  OPTIONAL { ?d ck:preparedFor|ck:reportOf ?m }
} GROUP BY ?start ORDER BY ?start";

/// Chromium, when the machine has it; `make setup` installs it.
fn chromium() -> Option<String> {
    let path = std::env::var("CTOCKG_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    Path::new(&path).is_file().then_some(path)
}

#[test]
fn in_a_browser_the_editor_runs_a_typed_query_the_theme_page_shows_its_meetings_and_search_finds() {
    let chromium = chromium().unwrap_or_else(|| {
        panic!("Chromium is missing (looked for /usr/bin/chromium or $CTOCKG_CHROMIUM): `make setup` installs Debian's chromium")
    });
    let playwright = repo().join("web/node_modules/playwright-core");
    assert!(
        playwright.is_dir()
            && ctockg::server::editor::installed(Some(Path::new(
                ctockg::server::editor::INSTALLED
            ))),
        "web/node_modules lacks playwright-core or YASGUI: `make setup` runs npm ci --prefix web"
    );
    // the bundled documents and an English report, for a search in each language
    let paths = crate::search::corpus(
        &scratch("browser-corpus"),
        &["tests/fixtures/english/wg7-2013-report.en.txt"],
    );
    let served = serve_data(&paths.store, &paths.data, &[]);
    let shots = repo().join("target/screenshots");
    let out = Command::new("node")
        .arg(repo().join("tests/browser/check.mjs"))
        .arg(format!("http://{}", served.address))
        .arg(&shots)
        .env("CTOCKG_CHROMIUM", &chromium)
        .env("CTOCKG_QUERY", BROWSER_QUERY)
        .output()
        .expect("node runs (Debian's nodejs; make setup)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert!(
        seen.get("failure").is_none(),
        "the browser run failed: {}",
        seen["failure"]
    );
    // the typed query ran: one row per meeting, in date order, its count a number
    // the typed query ran: the table holds the endpoint's answer, row for row
    let shown: Vec<Vec<String>> = seen["editorTable"]
        .as_array()
        .expect("a result table")
        .iter()
        .map(|row| {
            row.as_array()
                .into_iter()
                .flatten()
                .filter_map(|cell| cell.as_str()?.split('"').nth(1).map(str::to_owned))
                .collect()
        })
        .collect();
    let csv = http(
        served.address,
        "GET",
        &format!("{}&format=csv", query_uri(BROWSER_QUERY)),
        &[],
        b"",
    )
    .text();
    let answered: Vec<Vec<String>> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect();
    assert_eq!(shown, answered, "the table against the endpoint's CSV");
    assert_eq!(answered.len(), 10, "one row per meeting");
    assert!(
        seen["editorQueryText"]
            .as_str()
            .unwrap_or("")
            .contains("# typed in the browser")
    );
    assert_eq!(
        seen["chartOffered"], true,
        "a number column offers the chart"
    );
    let bars: Vec<f64> = seen["chartBars"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w.as_f64())
        .collect();
    // each bar as long as its count, against the longest
    let counts: Vec<f64> = answered
        .iter()
        .map(|row| row[1].parse().expect("a count"))
        .collect();
    let widest = bars.iter().copied().fold(0.0, f64::max);
    let most = counts.iter().copied().fold(0.0, f64::max);
    assert_eq!(bars.len(), counts.len(), "a bar per meeting: {bars:?}");
    for (bar, count) in bars.iter().zip(&counts) {
        assert!(
            (bar / widest - count / most).abs() < 1e-6,
            "bars {bars:?} against counts {counts:?}"
        );
    }
    assert_eq!(
        seen["pictureHasPaper"], true,
        "the meeting's picture names its background paper"
    );
    assert!(
        seen["editorExamples"]
            .as_array()
            .is_some_and(|e| e.len() >= 20)
    );
    let meetings: Vec<&str> = seen["themeMeetings"]
        .as_array()
        .expect("meetings")
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    assert!(
        meetings.iter().any(|m| m.starts_with("2020-09-08")),
        "{meetings:?}"
    );
    assert_eq!(seen["themeChartLoaded"], true, "the chart shows");
    assert_eq!(
        seen["themeChartHas20200908"], true,
        "the meeting on the chart"
    );
    // search: the page shows the endpoint's hits, in its order, and marks the words found
    let hits = |name: &str| seen[name].as_array().cloned().unwrap_or_default();
    for (name, q) in [("searchZh", "偷运移民"), ("searchEn", "smuggle")] {
        let json = http(
            served.address,
            "GET",
            &format!("/search?q={}&format=json", crate::server::encode(q)),
            &[],
            b"",
        )
        .text();
        let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let pages: Vec<String> = json["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h["page"].as_str().map(str::to_owned))
            .collect();
        let links: Vec<String> = hits(name)
            .iter()
            .filter_map(|h| h["link"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(links, pages, "{q}: the page against the endpoint's JSON");
        assert!(!pages.is_empty(), "{q} finds paragraphs");
    }
    let marked = |name: &str| -> Vec<String> {
        hits(name)
            .iter()
            .flat_map(|h| h["marked"].as_array().cloned().unwrap_or_default())
            .filter_map(|m| m.as_str().map(str::to_owned))
            .collect()
    };
    assert!(!hits("searchZh").is_empty(), "偷运移民 finds paragraphs");
    assert!(
        hits("searchZh")
            .iter()
            .all(|h| h["link"].as_str().is_some_and(|l| l.starts_with("/id/"))),
        "{:?}",
        hits("searchZh")
    );
    assert!(
        marked("searchZh")
            .iter()
            .any(|m| m.contains("偷运") || m.contains("移民")),
        "{:?}",
        marked("searchZh")
    );
    assert!(
        marked("searchEn")
            .iter()
            .any(|m| m.to_lowercase().starts_with("smuggl")),
        "smuggle finds its other forms: {:?}",
        marked("searchEn")
    );
    let opened = &seen["openedHit"];
    assert!(
        opened["url"].as_str().is_some_and(|u| u.contains("/id/")),
        "{opened}"
    );
    assert!(
        opened["text"].as_str().is_some_and(|t| !t.is_empty()),
        "the hit's paragraph: {opened}"
    );
    let errors: Vec<&str> = seen["consoleErrors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e.as_str())
        .collect();
    assert!(errors.is_empty(), "the browser reported errors: {errors:?}");
    drop(served);
}
