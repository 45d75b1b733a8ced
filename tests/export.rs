//! `ctockg export dot`: every view of the bundled data drawn, run through Graphviz's `dot -Tsvg`,
//! and the nodes of the SVG compared, as whole sets of IRIs, with what the graph says they should
//! be (every difference printed); clusters, order, labels, escaping, determinism, `--max-nodes`,
//! and the errors a user meets.

use std::collections::BTreeSet;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use crate::common::{built, copy_tree, ctockg, differences, repo, scratch};
use ctockg::export::{
    self, Constraint, Diagram, EdgeKind, ExportError, Graphviz, Lang, NodeClass, Options,
    OutputFormat, Rendered, View,
};

const ID: &str = "https://w3id.org/ctockg/id/";

fn render(view: View, options: &Options) -> Rendered {
    export::render(&built().store, &view, options)
        .unwrap_or_else(|e| panic!("the {} view renders: {e}", view.name()))
}

fn en() -> Options {
    Options::default()
}

/// Runs `dot -Tsvg` (it must exit 0) and returns the SVG.
fn svg(dot: &str) -> String {
    let bytes = Graphviz::default()
        .render(dot, OutputFormat::Svg)
        .unwrap_or_else(|e| panic!("dot -Tsvg accepts the output: {e}"));
    String::from_utf8(bytes).expect("SVG is UTF-8")
}

fn unescape_xml(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find(';') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let entity = &rest[at + 1..at + end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&rest[at..=at + end]),
        }
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The `<title>`s of the SVG's nodes (Graphviz writes the node id there), legend left out.
fn svg_nodes(svg: &str) -> BTreeSet<String> {
    svg.split("class=\"node\">")
        .skip(1)
        .filter_map(|part| {
            let start = part.find("<title>")? + "<title>".len();
            let end = part.find("</title>")?;
            Some(unescape_xml(&part[start..end]))
        })
        .filter(|id| !id.starts_with("legend:"))
        .collect()
}

/// The texts written on the SVG.
fn svg_texts(svg: &str) -> String {
    svg.split("<text")
        .skip(1)
        .filter_map(|part| {
            let start = part.find('>')? + 1;
            let end = part.find("</text>")?;
            Some(unescape_xml(&part[start..end]))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ids(short: &[&str]) -> BTreeSet<String> {
    short.iter().map(|s| format!("id:{s}")).collect()
}

fn nodes_of(diagram: &Diagram, class: NodeClass) -> BTreeSet<String> {
    diagram
        .nodes()
        .iter()
        .filter(|n| n.class == class)
        .map(|n| n.id.clone())
        .collect()
}

fn edges_of(diagram: &Diagram, kind: EdgeKind) -> BTreeSet<String> {
    diagram
        .edges()
        .iter()
        .filter(|(_, _, e)| e.kind == kind)
        .map(|(a, b, _)| format!("{} -> {}", a.id, b.id))
        .collect()
}

/// IRIs a SELECT returns in variable `x`, as node ids.
fn query_ids(query: &str) -> BTreeSet<String> {
    let text = format!(
        "PREFIX ck: <https://w3id.org/ctockg/ontology#>
         PREFIX dcterms: <http://purl.org/dc/terms/>
         PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
         {query}"
    );
    let QueryResults::Solutions(solutions) = built().store.evaluate(&text).expect("query runs")
    else {
        panic!("not a SELECT");
    };
    solutions
        .filter_map(|s| match s.expect("solution").get("x") {
            Some(Term::NamedNode(n)) => Some(n.as_str().replacen(ID, "id:", 1)),
            _ => None,
        })
        .collect()
}

/// Every view drawn by Graphviz holds exactly the nodes of its diagram.
fn check_svg(rendered: &Rendered, problems: &mut Vec<String>) {
    let expected: BTreeSet<String> = rendered
        .diagram
        .nodes()
        .iter()
        .map(|n| n.id.clone())
        .collect();
    let drawn = svg_nodes(&svg(&rendered.dot));
    problems.extend(differences(
        &format!("{} SVG nodes", rendered.diagram.view),
        &expected,
        &drawn,
    ));
}

fn check(problems: Vec<String>) {
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

const WG7_MEETINGS: [&str; 9] = [
    "meeting/wg7/2012-05-30",
    "meeting/wg7/2013-11-11",
    "meeting/wg7/2015-11-18",
    "meeting/wg7/2017-09-11",
    "meeting/wg7/2018-07-04",
    "meeting/wg7/2019-09-11",
    "meeting/wg7/2020-09-08",
    "meeting/wg7/2021-10-14",
    "meeting/wg7/2024-07-11",
];

#[test]
fn mandates_go_from_resolution_to_body_to_meetings_to_documents() {
    let rendered = render(View::Mandates, &en());
    let d = &rendered.diagram;
    let mut problems = Vec::new();
    check_svg(&rendered, &mut problems);
    let mut meetings = ids(&WG7_MEETINGS);
    meetings.insert("id:meeting/wg4/2009-04-14".to_owned());
    problems.extend(differences(
        "meetings",
        &meetings,
        &nodes_of(d, NodeClass::Meeting),
    ));
    problems.extend(differences(
        "resolutions",
        &ids(&["resolution/cop/5-3"]),
        &nodes_of(d, NodeClass::Resolution),
    ));
    problems.extend(differences(
        "decisions",
        &ids(&["decision/cop/4-4"]),
        &nodes_of(d, NodeClass::Decision),
    ));
    problems.extend(differences(
        "bodies",
        &ids(&["body/cop", "body/wg4", "body/wg7"]),
        &nodes_of(d, NodeClass::Body),
    ));
    problems.extend(differences(
        "established",
        &[
            "id:resolution/cop/5-3 -> id:body/wg7",
            "id:decision/cop/4-4 -> id:body/wg4",
        ]
        .map(String::from)
        .into(),
        &edges_of(d, EdgeKind::Established),
    ));
    let mut held: BTreeSet<String> = WG7_MEETINGS
        .iter()
        .map(|m| format!("id:body/wg7 -> id:{m}"))
        .collect();
    held.insert("id:body/wg4 -> id:meeting/wg4/2009-04-14".to_owned());
    problems.extend(differences("held", &held, &edges_of(d, EdgeKind::Held)));
    problems.extend(differences(
        "documents",
        &query_ids(
            "SELECT DISTINCT ?x WHERE { ?x ck:preparedFor|ck:reportOf ?m . ?m ck:body/ck:establishedBy ?r }",
        ),
        &nodes_of(d, NodeClass::Document),
    ));
    let labels: BTreeSet<String> = d.nodes().iter().map(|n| n.lines.join(" | ")).collect();
    for label in [
        "8 Sep 2020 | 7th meeting",
        "CTOC/COP/WG.7/2024/2 | background paper",
    ] {
        assert!(labels.contains(label), "no label {label}: {labels:#?}");
    }
    check(problems);
}

#[test]
fn themes_put_meetings_in_date_order_and_weigh_edges_by_evidence() {
    let rendered = render(View::Themes, &en());
    let d = &rendered.diagram;
    let mut problems = Vec::new();
    check_svg(&rendered, &mut problems);
    problems.extend(differences(
        "meetings",
        &query_ids("SELECT ?x WHERE { ?x a ck:Meeting }"),
        &nodes_of(d, NodeClass::Meeting),
    ));
    problems.extend(differences(
        "themes",
        &query_ids("SELECT ?x WHERE { ?x skos:topConceptOf ?scheme }"),
        &nodes_of(d, NodeClass::Theme),
    ));
    // the weights are the totals of the shipped theme × meeting matrix
    let matrix = std::fs::read_to_string(repo().join("queries/theme-meeting-matrix.rq"))
        .expect("the matrix query");
    let QueryResults::Solutions(rows) = built().store.evaluate(&matrix).expect("runs") else {
        panic!("not a SELECT");
    };
    let expected: BTreeSet<String> = rows
        .filter_map(|r| {
            let r = r.expect("row");
            let total = match r.get("total") {
                Some(Term::Literal(l)) => l.value().to_owned(),
                _ => return None,
            };
            let (Some(Term::NamedNode(m)), Some(Term::NamedNode(t))) =
                (r.get("meeting"), r.get("theme"))
            else {
                return None;
            };
            (total != "0").then(|| {
                format!(
                    "{} -> {} = {total}",
                    m.as_str().replacen(ID, "id:", 1),
                    t.as_str().replacen(ID, "id:", 1)
                )
            })
        })
        .collect();
    let actual: BTreeSet<String> = d
        .edges()
        .iter()
        .filter(|(_, _, e)| e.kind == EdgeKind::Evidence)
        .map(|(a, b, e)| format!("{} -> {} = {}", a.id, b.id, e.weight))
        .collect();
    problems.extend(differences("evidence", &expected, &actual));
    // one row of meetings, in date order
    let row = d.constraints().iter().find_map(|c| match c {
        Constraint::SameRank(ids) if ids.iter().all(|i| i.starts_with("id:meeting/")) => Some(ids),
        _ => None,
    });
    let mut by_date: Vec<String> = nodes_of(d, NodeClass::Meeting).into_iter().collect();
    by_date.sort_by_key(|id| id.rsplit('/').next().map(str::to_owned));
    assert_eq!(row, Some(&by_date), "meetings not in date order");
    check(problems);
}

#[test]
fn a_meeting_shows_its_agenda_documents_participants_by_role_and_speakers() {
    let rendered = render(
        View::Meeting {
            meeting: "wg7/2020-09-08".to_owned(),
        },
        &en(),
    );
    let d = &rendered.diagram;
    let m = "<https://w3id.org/ctockg/id/meeting/wg7/2020-09-08>";
    let mut problems = Vec::new();
    check_svg(&rendered, &mut problems);
    let expected = query_ids(&format!(
        "SELECT DISTINCT ?x WHERE {{
           {{ BIND ({m} AS ?x) }}
           UNION {{ {m} ck:agendaItem ?x }}
           UNION {{ ?x ck:preparedFor|ck:reportOf {m} }}
           UNION {{ {m} ck:participation/ck:participant ?x }}
           UNION {{ {m} ck:statement/ck:speaker ?x }}
         }}"
    ));
    let actual: BTreeSet<String> = d.nodes().iter().map(|n| n.id.clone()).collect();
    problems.extend(differences("meeting nodes", &expected, &actual));
    for (who, role) in [
        ("id:country/ITA", "state-party"),
        ("id:org/EU", "state-party"),
        ("id:org/EUROJUST", "igo"),
        ("id:person/francesco-testa", "chair"),
    ] {
        let path: Vec<String> = d.cluster_path(who).iter().map(|c| c.id.clone()).collect();
        if path != [format!("role:{ID}role/{role}")] {
            problems.push(format!("{who}: in clusters {path:?}, expected role {role}"));
        }
    }
    problems.extend(differences(
        "spoke under item 3",
        &ids(&[
            "country/AUS",
            "country/BRA",
            "country/CAN",
            "country/IDN",
            "country/ITA",
            "country/MEX",
            "country/VEN",
        ]),
        &edges_of(d, EdgeKind::Spoke)
            .iter()
            .filter_map(|e| e.strip_prefix("id:meeting/wg7/2020-09-08/item/3 -> "))
            .map(str::to_owned)
            .collect(),
    ));
    check(problems);
}

#[test]
fn participation_follows_one_country_across_meetings() {
    let rendered = render(
        View::Participation {
            country: "ita".to_owned(),
        },
        &en(),
    );
    let mut problems = Vec::new();
    check_svg(&rendered, &mut problems);
    let actual: BTreeSet<String> = rendered
        .diagram
        .nodes()
        .iter()
        .map(|n| n.id.clone())
        .collect();
    problems.extend(differences(
        "Italy's nodes",
        &ids(&[
            "country/ITA",
            "meeting/wg7/2020-09-08",
            "meeting/wg7/2020-09-08/item/2",
            "meeting/wg7/2020-09-08/item/3",
            "person/francesco-testa",
            "person/simona-ragazzi",
        ]),
        &actual,
    ));
    problems.extend(differences(
        "Italy attended",
        &["id:country/ITA -> id:meeting/wg7/2020-09-08".to_owned()].into(),
        &edges_of(&rendered.diagram, EdgeKind::Attended)
            .into_iter()
            .filter(|e| e.starts_with("id:country/"))
            .collect(),
    ));
    check(problems);
}

#[test]
fn citations_cluster_provisions_by_instrument_and_article() {
    let rendered = render(View::Citations, &en());
    let d = &rendered.diagram;
    let mut problems = Vec::new();
    check_svg(&rendered, &mut problems);
    problems.extend(differences(
        "provisions",
        &query_ids("SELECT DISTINCT ?x WHERE { ?p ck:cites ?x . ?x a ck:Provision }"),
        &nodes_of(d, NodeClass::Provision),
    ));
    problems.extend(differences(
        "citing documents",
        &query_ids(
            "SELECT DISTINCT ?x WHERE { ?p ck:cites ?c . ?c a ck:Provision .
               ?p dcterms:isPartOf/dcterms:isPartOf ?x . ?x a ck:Document }",
        ),
        &nodes_of(d, NodeClass::Document),
    ));
    let point = "id:instrument/UNTOC/art_27/para_1/point_e";
    let node = d.node(point).expect("UNTOC art. 27(1)(e) is drawn");
    assert_eq!(node.lines, ["UNTOC art. 27(1)(e)"]);
    let path: Vec<(String, String)> = d
        .cluster_path(point)
        .iter()
        .map(|c| (c.id.clone(), c.label.clone()))
        .collect();
    assert_eq!(
        path,
        [
            (
                format!("article:{ID}instrument/UNTOC/art_27"),
                "UNTOC article 27".to_owned()
            ),
            (
                format!("instrument:{ID}instrument/UNTOC"),
                "UNTOC: United Nations Convention against Transnational Organized Crime".to_owned()
            ),
        ]
    );
    check(problems);
}

#[test]
fn a_construct_query_is_drawn_with_the_store_s_labels_and_classes() {
    let dir = scratch("export-construct");
    let query = dir.join("mandates.rq");
    std::fs::write(
        &query,
        "PREFIX ck: <https://w3id.org/ctockg/ontology#>
         CONSTRUCT { ?body ck:establishedBy ?act . ?act ck:adoptedBy ?by }
         WHERE { ?body ck:establishedBy ?act . ?act ck:adoptedBy ?by }",
    )
    .expect("write");
    let rendered = render(
        View::Construct {
            query: query.clone(),
        },
        &en(),
    );
    let d = &rendered.diagram;
    let mut problems = Vec::new();
    check_svg(&rendered, &mut problems);
    problems.extend(differences(
        "nodes",
        &ids(&[
            "body/cop",
            "body/wg4",
            "body/wg7",
            "decision/cop/4-4",
            "resolution/cop/5-3",
        ]),
        &d.nodes().iter().map(|n| n.id.clone()).collect(),
    ));
    assert_eq!(
        d.node("id:body/wg7").map(|n| n.class),
        Some(NodeClass::Body)
    );
    assert_eq!(
        d.node("id:decision/cop/4-4")
            .map(|n| n.name().to_owned())
            .as_deref(),
        Some("Conference of the Parties decision 4/4")
    );
    assert_eq!(d.edges().len(), 4);
    check(problems);

    // not a CONSTRUCT: a clear error
    let select = dir.join("select.rq");
    std::fs::write(&select, "SELECT * WHERE { ?s ?p ?o } LIMIT 1").expect("write");
    let err = export::render(&built().store, &View::Construct { query: select }, &en())
        .expect_err("a SELECT is refused");
    assert!(matches!(err, ExportError::NotConstruct { .. }), "{err}");
    assert!(err.to_string().contains("SELECT query"), "{err}");
}

#[test]
fn labels_with_quotes_backslashes_newlines_and_chinese_survive() {
    let dir = scratch("export-escaping");
    let query = dir.join("odd.rq");
    std::fs::write(
        &query,
        r#"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
           CONSTRUCT { <urn:x:odd> rdfs:label "say \"hi\" C:\\d\\ \\N\n偷运移民 two" ;
                                   <urn:x:p> <urn:x:z> }
           WHERE {}"#,
    )
    .expect("write");
    let rendered = render(View::Construct { query }, &en());
    assert_eq!(
        rendered
            .diagram
            .node("urn:x:odd")
            .map(|n| n.name().to_owned())
            .as_deref(),
        Some("say \"hi\" C:\\d\\ \\N\n偷运移民 two")
    );
    let drawn = svg(&rendered.dot);
    let texts: Vec<String> = svg_texts(&drawn).lines().map(str::to_owned).collect();
    for expected in ["say \"hi\" C:\\d\\ \\N", "偷运移民 two"] {
        assert!(
            texts.iter().any(|t| t == expected),
            "{expected:?} not in {texts:#?}"
        );
    }
}

#[test]
fn chinese_labels_are_chinese_and_fall_back_to_english() {
    let zh = Options {
        lang: Lang::Zh,
        ..Options::default()
    };
    let rendered = render(
        View::Meeting {
            meeting: "wg7/2020-09-08".to_owned(),
        },
        &zh,
    );
    let texts = svg_texts(&svg(&rendered.dot));
    for expected in [
        "意大利",
        "2020年9月8日",
        "第七次会议",
        "图例",
        "缔约国 (72)",
    ] {
        assert!(texts.contains(expected), "{expected} not in {texts}");
    }
    assert!(rendered.dot.contains("Noto Sans CJK SC"));
    // provisions have English labels only: the Chinese view derives its own
    let citations = render(View::Citations, &zh);
    assert_eq!(
        citations
            .diagram
            .node("id:instrument/UNTOC/art_27/para_1/point_e")
            .map(|n| n.name().to_owned())
            .as_deref(),
        Some("第27条第1款(e)项")
    );
}

#[test]
fn the_same_graph_gives_the_same_bytes() {
    let views = [
        View::Mandates,
        View::Themes,
        View::Meeting {
            meeting: "wg4/2009-04-14".to_owned(),
        },
        View::Citations,
        View::Participation {
            country: "ITA".to_owned(),
        },
    ];
    for view in views {
        for lang in [Lang::En, Lang::Zh] {
            let options = Options {
                lang,
                ..Options::default()
            };
            let first = render(view.clone(), &options).dot;
            let second = render(view.clone(), &options).dot;
            assert!(
                first == second,
                "{} ({lang:?}) differs between two renders",
                view.name()
            );
        }
    }
}

#[test]
fn filters_keep_what_concerns_the_theme_and_the_dates() {
    let options = Options {
        theme: Some("technology".to_owned()),
        ..Options::default()
    };
    let rendered = render(View::Themes, &options);
    assert_eq!(
        nodes_of(&rendered.diagram, NodeClass::Theme),
        ids(&["theme/technology"])
    );
    let dated = Options {
        from: Some("2015-01-01".to_owned()),
        to: Some("2019-12-31".to_owned()),
        ..Options::default()
    };
    let rendered = render(View::Mandates, &dated);
    check(differences(
        "meetings from 2015 to 2019",
        &ids(&[
            "meeting/wg7/2015-11-18",
            "meeting/wg7/2017-09-11",
            "meeting/wg7/2018-07-04",
            "meeting/wg7/2019-09-11",
        ]),
        &nodes_of(&rendered.diagram, NodeClass::Meeting),
    ));
    assert!(
        rendered.dot.contains("from 1 Jan 2015 · to 31 Dec 2019"),
        "{}",
        rendered.dot
    );
    let rendered = render(
        View::Meeting {
            meeting: "wg7/2020-09-08".to_owned(),
        },
        &options,
    );
    check(differences(
        "technology items",
        &ids(&["meeting/wg7/2020-09-08/item/3"]),
        &nodes_of(&rendered.diagram, NodeClass::AgendaItem),
    ));
}

#[test]
fn max_nodes_cuts_the_least_central_and_says_what() {
    let options = Options {
        max_nodes: Some(20),
        ..Options::default()
    };
    let rendered = render(
        View::Meeting {
            meeting: "wg7/2020-09-08".to_owned(),
        },
        &options,
    );
    let cut = rendered.cut.clone().expect("the view is cut");
    assert!(
        rendered.diagram.len() <= 20,
        "{} nodes",
        rendered.diagram.len()
    );
    assert_eq!(cut.kept, rendered.diagram.len());
    let message = cut.to_string();
    assert!(message.contains("--max-nodes 20 drew"), "{message}");
    assert!(message.contains("countries"), "{message}");
    assert!(
        message.contains(&format!("--max-nodes {}", cut.total)),
        "{message}"
    );
    // the meeting, its agenda and its speakers come first
    let d = &rendered.diagram;
    assert!(d.node("id:meeting/wg7/2020-09-08").is_some());
    assert!(d.node("id:meeting/wg7/2020-09-08/item/2").is_some());
    assert!(d.node("id:country/ITA").is_some());
    let mut problems = Vec::new();
    check_svg(&rendered, &mut problems);
    check(problems);
    // no cut, no message
    assert!(
        render(
            View::Mandates,
            &Options {
                max_nodes: Some(1000),
                ..Options::default()
            }
        )
        .cut
        .is_none()
    );
}

#[test]
fn unknown_names_and_bad_options_get_clear_errors() {
    let store = &built().store;
    let err = |view: View, options: Options| {
        export::render(store, &view, &options)
            .expect_err("an error")
            .to_string()
    };
    let m = err(
        View::Meeting {
            meeting: "wg7/2020-09-09".to_owned(),
        },
        en(),
    );
    assert!(
        m.contains("no meeting wg7/2020-09-09") && m.contains("wg7/2020-09-08"),
        "{m}"
    );
    // a key that could not be part of an IRI never reaches a query
    let odd = err(
        View::Meeting {
            meeting: "wg7/2020-09-08> } #".to_owned(),
        },
        en(),
    );
    assert!(odd.contains("no meeting wg7/2020-09-08> } #"), "{odd}");
    let c = err(
        View::Participation {
            country: "XYZ".to_owned(),
        },
        en(),
    );
    assert!(c.contains("no country XYZ") && c.contains("ITA"), "{c}");
    let t = err(
        View::Themes,
        Options {
            theme: Some("weather".to_owned()),
            ..en()
        },
    );
    assert!(
        t.contains("no theme weather") && t.contains("technology"),
        "{t}"
    );
    let d = err(
        View::Themes,
        Options {
            from: Some("2020-13-01".to_owned()),
            ..en()
        },
    );
    assert!(
        d.contains("--from 2020-13-01") && d.contains("YYYY-MM-DD"),
        "{d}"
    );
    let r = err(
        View::Mandates,
        Options {
            from: Some("2021-01-01".to_owned()),
            to: Some("2020-01-01".to_owned()),
            ..en()
        },
    );
    assert!(r.contains("after"), "{r}");
    let n = err(
        View::Meeting {
            meeting: "wg7/2020-09-08".to_owned(),
        },
        Options {
            from: Some("2020-01-01".to_owned()),
            ..en()
        },
    );
    assert!(
        n.contains("--from does not apply to the meeting view"),
        "{n}"
    );
    let e = err(
        View::Citations,
        Options {
            from: Some("2030-01-01".to_owned()),
            ..en()
        },
    );
    assert!(e.contains("nothing to draw with --from 2030-01-01"), "{e}");
    let q = err(
        View::Construct {
            query: "/nonexistent/q.rq".into(),
        },
        en(),
    );
    assert!(q.contains("/nonexistent/q.rq: cannot read"), "{q}");
}

#[test]
fn files_are_written_in_the_format_their_extension_names() {
    let dir = scratch("export-files");
    let dot = render(
        View::Participation {
            country: "ITA".to_owned(),
        },
        &en(),
    )
    .dot;
    let graphviz = Graphviz::default();
    for (name, magic) in [
        ("italy.dot", &b"digraph"[..]),
        ("italy.svg", &b"<?xml"[..]),
        ("italy.png", &b"\x89PNG"[..]),
        ("italy.pdf", &b"%PDF"[..]),
    ] {
        let path = dir.join(name);
        graphviz
            .save(&dot, Some(&path))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let bytes = std::fs::read(&path).expect("written");
        assert!(
            bytes.starts_with(magic),
            "{name} starts with {:?}",
            &bytes[..8.min(bytes.len())]
        );
    }
    let unknown = graphviz
        .save(&dot, Some(&dir.join("italy.jpeg")))
        .expect_err("jpeg");
    assert!(
        unknown.to_string().contains(".dot, .svg, .png or .pdf"),
        "{unknown}"
    );
    let missing = Graphviz::new("/nonexistent/dot")
        .save(&dot, Some(&dir.join("italy2.svg")))
        .expect_err("no dot");
    assert!(
        missing.to_string().contains("Debian package graphviz"),
        "{missing}"
    );
    assert!(!dir.join("italy2.svg").exists());
    let failing = Graphviz::default()
        .render("digraph { a -> }", OutputFormat::Svg)
        .expect_err("bad DOT");
    match failing {
        ExportError::DotFailed { stderr, .. } => {
            assert!(stderr.contains("syntax error"), "{stderr}")
        }
        other => panic!("expected DotFailed, got {other}"),
    }
}

#[test]
fn the_binary_builds_the_store_draws_and_reports_cuts() {
    let root = scratch("export-cli");
    for dir in ["data", "ontology", "queries"] {
        copy_tree(&repo().join(dir), &root.join(dir));
    }
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let out = ctockg(
        &root,
        &[
            "export",
            "dot",
            "meeting",
            "--meeting",
            "wg7/2020-09-08",
            "--max-nodes",
            "30",
            "-o",
            "meeting.png",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("4 of 4 documents"),
        "the store is built first: {stderr}"
    );
    assert!(
        stderr.contains("--max-nodes 30 drew 30 and left out"),
        "{stderr}"
    );
    assert!(
        std::fs::read(root.join("meeting.png"))
            .expect("png")
            .starts_with(b"\x89PNG")
    );

    let out = ctockg(&root, &["export", "dot", "themes", "--lang", "zh"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("digraph \"ctockg themes\""),
        "{}",
        text(&out.stdout)
    );

    let out = ctockg(
        &root,
        &["export", "dot", "participation", "--country", "ZZZ"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no country ZZZ"),
        "{}",
        text(&out.stderr)
    );

    let out = crate::common::ctockg_command(&root)
        .args(["export", "dot", "mandates", "-o", "m.svg"])
        .env("CTOCKG_DOT", "/nonexistent/dot")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("install the Debian package graphviz"),
        "{}",
        text(&out.stderr)
    );
}
