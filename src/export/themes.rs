//! The `themes` view: meetings in date order, left to right across the top (boxed by body), and
//! the themes below, each edge weighted by the evidence tying the theme to the meeting: agenda
//! items on it, background papers about it, paragraphs mentioning it (narrower concepts count for
//! their theme, as in the shipped `theme-meeting-matrix` query).

use std::collections::{BTreeMap, BTreeSet};

use super::ExportError;
use super::diagram::{Diagram, Edge, EdgeKind, Node, NodeClass, RankDir, node_id};
use super::labels::Lang;
use super::mandates::meeting_node;
use super::scope::Scope;

/// One colour per theme (Tableau 10), in the themes' key order; fills use it at 25% opacity.
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

const MEETINGS: &str = "
SELECT DISTINCT ?meeting ?start ?ordinal ?body WHERE {
  ?meeting a ck:Meeting ; ck:startDate ?start .
  OPTIONAL { ?meeting ck:ordinal ?ordinal }
  OPTIONAL { ?meeting ck:body ?body }
}
ORDER BY ?start ?meeting";

/// `THEMES` is replaced by the pattern binding ?theme. The counts are the summary graph's
/// theme appearances, which the build makes by the rule the shipped theme queries count by
/// (`ingest/summary.rs`): narrower concepts count for their theme.
const EVIDENCE: &str = "
SELECT ?theme ?meeting ?items ?papers ?mentions WHERE {
  { SELECT DISTINCT ?theme WHERE { THEMES } }
  OPTIONAL {
    ?appearance ck:theme ?theme ; ck:meeting ?meeting ; ck:agendaItemCount ?items ;
                ck:backgroundPaperCount ?papers ; ck:paragraphMentionCount ?mentions .
  }
}
ORDER BY ?theme ?meeting";

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2 agenda items, 1 background paper, 12 paragraphs" (only the non-zero counts).
fn breakdown(items: u32, papers: u32, mentions: u32, lang: Lang) -> String {
    let mut parts = Vec::new();
    match lang {
        Lang::En => {
            if items > 0 {
                parts.push(plural(items, "agenda item", "agenda items"));
            }
            if papers > 0 {
                parts.push(plural(papers, "background paper", "background papers"));
            }
            if mentions > 0 {
                parts.push(plural(mentions, "paragraph", "paragraphs"));
            }
            parts.join(", ")
        }
        Lang::Zh => {
            if items > 0 {
                parts.push(format!("议程项目{items}项"));
            }
            if papers > 0 {
                parts.push(format!("背景文件{papers}份"));
            }
            if mentions > 0 {
                parts.push(format!("段落{mentions}段"));
            }
            parts.join("，")
        }
    }
}

pub(super) fn build(scope: &Scope<'_>) -> Result<Diagram, ExportError> {
    let lang = scope.lang;
    let mut diagram = Diagram::new(
        "themes",
        lang.pick(
            "Themes of the meetings, in date order",
            "各次会议的主题（按日期排列）",
        ),
        lang,
        RankDir::TopBottom,
    );
    if let Some(line) = scope.filter_line() {
        diagram.subtitle(line);
    }

    let meetings: Vec<_> = scope
        .select(MEETINGS)?
        .into_iter()
        .filter(|r| r.text("start").is_some_and(|s| scope.in_range(s)))
        .collect();
    let themes_pattern = match &scope.theme {
        Some(theme) => format!("VALUES ?theme {{ <{}> }}", theme.iri),
        None => "?theme skos:topConceptOf ?scheme .".to_owned(),
    };
    let shown: BTreeSet<&str> = meetings.iter().filter_map(|r| r.iri("meeting")).collect();
    let (evidence, themes): (Vec<_>, Vec<_>) = scope
        .select(&EVIDENCE.replace("THEMES", &themes_pattern))?
        .into_iter()
        .partition(|r| r.iri("meeting").is_some());
    let evidence: Vec<_> = evidence
        .into_iter()
        .filter(|r| r.iri("meeting").is_some_and(|m| shown.contains(m)))
        .collect();
    let labels = scope.labels(
        evidence
            .iter()
            .chain(&themes)
            .filter_map(|r| r.iri("theme"))
            .chain(meetings.iter().filter_map(|r| r.iri("body"))),
    )?;

    // the meetings in one row, in date order (no boxes: Graphviz does not keep the order of a
    // row split between boxes); the body named where it changes along the row
    let mut row = Vec::new();
    let mut previous_body = None;
    for r in &meetings {
        let (Some(meeting), Some(start)) = (r.iri("meeting"), r.text("start")) else {
            continue;
        };
        let mut node = meeting_node(meeting, start, r.number("ordinal"), lang).root();
        if let Some(body) = r.iri("body") {
            let name = scope.name(&labels, body);
            if previous_body != Some(body) {
                node = node.line(name.clone());
            }
            node = node.tooltip(name);
            previous_body = Some(body);
        }
        row.push(node.id.clone());
        diagram.add_node(node);
    }
    diagram.same_rank(row);
    // straight lines fanning from the row of meetings to the row of themes read best
    diagram
        .graph_attributes
        .push(("splines", "line".to_owned()));
    diagram.graph_attributes.push(("ranksep", "4".to_owned()));

    // per theme: its colour (by key order) and total evidence, for ordering and cutting; every
    // theme is drawn while some meeting is, with no evidence or with some
    let mut totals: BTreeMap<&str, u32> = BTreeMap::new();
    if !shown.is_empty() {
        for r in evidence.iter().chain(&themes) {
            if let Some(theme) = r.iri("theme") {
                totals.entry(theme).or_default();
            }
        }
    }
    for r in &evidence {
        if let Some(theme) = r.iri("theme") {
            let total = r.number("items").unwrap_or(0)
                + r.number("papers").unwrap_or(0)
                + r.number("mentions").unwrap_or(0);
            *totals.entry(theme).or_default() += total;
        }
    }
    let colours: BTreeMap<&str, &str> = totals
        .keys()
        .enumerate()
        .map(|(i, t)| (*t, PALETTE[i % PALETTE.len()]))
        .collect();
    for (theme, total) in &totals {
        let mut node = Node::resource(theme, NodeClass::Theme, scope.name(&labels, theme))
            .line(match lang {
                Lang::En => format!("{total} in all"),
                Lang::Zh => format!("共{total}"),
            })
            // the most evidenced themes first (kept first by --max-nodes)
            .ordered(format!("{:010}", u32::MAX - total))
            .priority(1);
        node.fill = Some(format!("{}40", colours[theme]));
        diagram.add_node(node);
    }
    // numbers on the lines only when they do not pile up (the hover text always has them)
    let few_edges = evidence
        .iter()
        .filter(|r| {
            ["items", "papers", "mentions"]
                .iter()
                .any(|v| r.number(v).unwrap_or(0) > 0)
        })
        .count()
        <= 16;
    for r in &evidence {
        let (Some(theme), Some(meeting)) = (r.iri("theme"), r.iri("meeting")) else {
            continue;
        };
        let (items, papers, mentions) = (
            r.number("items").unwrap_or(0),
            r.number("papers").unwrap_or(0),
            r.number("mentions").unwrap_or(0),
        );
        let total = items + papers + mentions;
        if total == 0 {
            continue;
        }
        let mut edge = Edge::new(EdgeKind::Evidence).weighted(total);
        if few_edges {
            edge = edge.labelled(total.to_string());
        }
        edge.tooltip = Some(breakdown(items, papers, mentions, lang));
        edge.colour = Some(colours[theme].to_owned());
        diagram.add_edge(&node_id(meeting), &node_id(theme), edge);
    }
    Ok(diagram)
}
