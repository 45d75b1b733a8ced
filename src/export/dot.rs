//! The diagram as Graphviz DOT text, and Graphviz's `dot` run on it for SVG, PNG and PDF.
//!
//! Every string in the output (ids, labels, tooltips, links, colours) goes through [`escape`], the
//! one escaping function. Everything is written in a fixed order (clusters, nodes and edges sorted
//! by their sort keys and ids), so the same diagram gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::ExportError;
use super::diagram::{Cluster, Constraint, Diagram, Edge, EdgeKind, Node, NodeClass, RankDir};
use super::labels::wrap;

/// Fonts, in order: a CJK font that also has Latin letters (Debian: fonts-noto-cjk), then the
/// common Debian fallback. Graphviz (through Pango) takes the first installed.
pub const FONT: &str = "Noto Sans CJK SC,DejaVu Sans,sans-serif";

/// `text` as a DOT double-quoted string, quotes included: `"` and `\` are escaped, a newline
/// becomes `\n` (a line break in labels), other control characters become spaces. Since every
/// backslash is escaped, Graphviz's own escapes (`\N`, `\l`…) cannot appear by accident.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How a class of node looks.
struct Look {
    shape: &'static str,
    style: &'static str,
    fill: &'static str,
    border: &'static str,
    /// Display columns before a label wraps.
    columns: usize,
}

fn look(class: NodeClass) -> Look {
    let (shape, style, fill, border, columns) = match class {
        NodeClass::Resolution => ("hexagon", "filled", "#fbd5b5", "#b45f06", 22),
        NodeClass::Decision => ("hexagon", "filled", "#fce8b2", "#bf9000", 22),
        NodeClass::Body => ("tab", "filled,bold", "#cfe2f3", "#3d6fa6", 32),
        NodeClass::Meeting => ("box", "filled,rounded,bold", "#d9ead3", "#38761d", 22),
        NodeClass::AgendaItem => ("box", "filled", "#f3f3f3", "#666666", 34),
        NodeClass::Document => ("note", "filled", "#fff2cc", "#7f6000", 26),
        NodeClass::Country => ("box", "filled,rounded", "#d0e0e3", "#45818e", 20),
        NodeClass::Organisation => ("box", "filled,rounded", "#d9d2e9", "#674ea7", 24),
        NodeClass::Person => ("ellipse", "filled", "#ead1dc", "#a64d79", 22),
        NodeClass::Theme => ("box", "filled,rounded", "#fce5cd", "#b45f06", 26),
        NodeClass::Instrument => ("folder", "filled", "#e6e6e6", "#666666", 26),
        NodeClass::Provision => ("box", "filled", "#eef3fb", "#4a6fa5", 24),
        NodeClass::Other => ("ellipse", "filled", "#ffffff", "#888888", 26),
    };
    Look {
        shape,
        style,
        fill,
        border,
        columns,
    }
}

/// How a kind of edge looks: colour, style, arrowhead, and whether the legend shows it.
fn edge_look(kind: EdgeKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        EdgeKind::Adopted => ("#b45f06", "solid", "normal"),
        EdgeKind::Established => ("#b45f06", "bold", "normal"),
        EdgeKind::Held => ("#3d6fa6", "solid", "normal"),
        EdgeKind::PreparedFor => ("#7f6000", "dashed", "none"),
        EdgeKind::ReportOf => ("#38761d", "bold", "none"),
        EdgeKind::AgendaItem => ("#999999", "solid", "none"),
        EdgeKind::Attended => ("#45818e", "solid", "normal"),
        EdgeKind::Spoke => ("#a64d79", "solid", "none"),
        EdgeKind::SpokeWithoutItem => ("#a64d79", "dashed", "none"),
        EdgeKind::Represents => ("#888888", "dotted", "empty"),
        EdgeKind::Evidence => ("#555555", "solid", "none"),
        EdgeKind::Cites => ("#4a6fa5", "solid", "normal"),
        EdgeKind::Predicate => ("#666666", "solid", "normal"),
    }
}

/// A list of `name=value` attributes, every value escaped.
fn attributes(pairs: &[(&str, String)]) -> String {
    let inner: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", escape(value)))
        .collect();
    format!("[{}]", inner.join(", "))
}

/// The label of a node: each line wrapped, the name on up to four lines, details on two.
fn node_label(node: &Node, columns: usize) -> String {
    let mut lines = Vec::new();
    for (i, line) in node.lines.iter().enumerate() {
        let max = if i == 0 { 4 } else { 2 };
        lines.extend(wrap(line, columns, max));
    }
    lines.join("\n")
}

/// Writes the diagram as DOT text.
pub fn write(diagram: &Diagram) -> String {
    let mut out = String::new();
    let lang = diagram.lang;
    let _ = writeln!(
        out,
        "digraph {} {{",
        escape(&format!("ctockg {}", diagram.view))
    );
    let rankdir = match diagram.rankdir {
        RankDir::LeftRight => "LR",
        RankDir::TopBottom => "TB",
    };
    let mut graph = vec![
        ("rankdir", rankdir.to_owned()),
        ("compound", "true".to_owned()),
        ("charset", "UTF-8".to_owned()),
        ("fontname", FONT.to_owned()),
        ("fontsize", "18".to_owned()),
        ("label", diagram.title.join("\n")),
        ("labelloc", "t".to_owned()),
        ("labeljust", "l".to_owned()),
        ("nodesep", "0.2".to_owned()),
        ("ranksep", "0.5".to_owned()),
        ("pad", "0.3".to_owned()),
        ("bgcolor", "white".to_owned()),
    ];
    for (name, value) in &diagram.graph_attributes {
        graph.retain(|(n, _)| n != name);
        graph.push((name, value.clone()));
    }
    let _ = writeln!(out, "  graph {};", attributes(&graph));
    let _ = writeln!(
        out,
        "  node {};",
        attributes(&[
            ("fontname", FONT.to_owned()),
            ("fontsize", "11".to_owned()),
            ("style", "filled".to_owned()),
            ("margin", "0.1,0.05".to_owned()),
            ("height", "0.3".to_owned()),
        ])
    );
    let _ = writeln!(
        out,
        "  edge {};",
        attributes(&[
            ("fontname", FONT.to_owned()),
            ("fontsize", "9".to_owned()),
            ("arrowsize", "0.7".to_owned()),
        ])
    );

    // nodes, by cluster
    let nodes = diagram.nodes();
    let clusters = diagram.clusters();
    let mut members: BTreeMap<Option<&str>, Vec<&Node>> = BTreeMap::new();
    for node in &nodes {
        let cluster = node
            .cluster
            .as_deref()
            .filter(|c| clusters.contains_key(*c));
        members.entry(cluster).or_default().push(node);
    }
    let mut children: BTreeMap<Option<&str>, Vec<&Cluster>> = BTreeMap::new();
    for cluster in clusters.values() {
        let parent = cluster
            .parent
            .as_deref()
            .filter(|p| clusters.contains_key(*p));
        children.entry(parent).or_default().push(cluster);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
    }
    // rank=same groups go inside the cluster of their nodes: at the top level, Graphviz would
    // take the nodes out of their clusters
    let present: BTreeSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let mut same_ranks: BTreeMap<Option<&str>, Vec<Vec<&str>>> = BTreeMap::new();
    for constraint in diagram.constraints() {
        if let Constraint::SameRank(ids) = constraint {
            let mut groups: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
            for id in ids
                .iter()
                .map(String::as_str)
                .filter(|i| present.contains(i))
            {
                let cluster = diagram
                    .node(id)
                    .and_then(|n| n.cluster.as_deref())
                    .filter(|c| clusters.contains_key(*c));
                match groups.iter_mut().find(|(c, _)| *c == cluster) {
                    Some((_, group)) => group.push(id),
                    None => groups.push((cluster, vec![id])),
                }
            }
            for (cluster, group) in groups {
                same_ranks.entry(cluster).or_default().push(group);
            }
        }
    }
    let tree = Tree {
        members: &members,
        children: &children,
        same_ranks: &same_ranks,
        rankdir: diagram.rankdir,
    };
    for node in members.get(&None).into_iter().flatten() {
        write_node(&mut out, node, 1);
    }
    for group in same_ranks.get(&None).into_iter().flatten() {
        same_rank(&mut out, group, diagram.rankdir, "  ", false);
    }
    for cluster in children.get(&None).into_iter().flatten() {
        tree.write_cluster(&mut out, cluster, 1);
    }

    // edges
    let edges = diagram.edges();
    let mut heaviest: BTreeMap<EdgeKind, u32> = BTreeMap::new();
    for (_, _, edge) in &edges {
        let max = heaviest.entry(edge.kind).or_default();
        *max = (*max).max(edge.weight);
    }
    for (from, to, edge) in &edges {
        if edge.drawn {
            write_edge(&mut out, from, to, edge, heaviest[&edge.kind]);
        }
    }

    // the other layout constraints (invisible), over the nodes that are still there
    for constraint in diagram.constraints() {
        match constraint {
            Constraint::Order(ids) => {
                let kept: Vec<&String> = ids
                    .iter()
                    .filter(|i| present.contains(i.as_str()))
                    .collect();
                for pair in kept.windows(2) {
                    let _ = writeln!(
                        out,
                        "  {} -> {} {};",
                        escape(pair[0]),
                        escape(pair[1]),
                        attributes(&[("style", "invis".to_owned()), ("weight", "10".to_owned())])
                    );
                }
            }
            Constraint::SameRank(_) => {}
            Constraint::Anchor { from, to, minlen } => {
                if present.contains(from.as_str()) && present.contains(to.as_str()) {
                    let _ = writeln!(
                        out,
                        "  {} -> {} {};",
                        escape(from),
                        escape(to),
                        // weight 0: sets the rank, does not pull the two together
                        attributes(&[
                            ("style", "invis".to_owned()),
                            ("minlen", minlen.to_string()),
                            ("weight", "0".to_owned()),
                        ])
                    );
                }
            }
        }
    }

    // legend: one sample per class and per kind of drawn edge
    let classes: BTreeSet<NodeClass> = nodes.iter().map(|n| n.class).collect();
    let kinds: BTreeSet<EdgeKind> = edges
        .iter()
        .filter(|(_, _, e)| e.drawn && e.kind != EdgeKind::Predicate)
        .map(|(_, _, e)| e.kind)
        .collect();
    let _ = writeln!(out, "  subgraph {} {{", escape("cluster_legend"));
    let _ = writeln!(
        out,
        "    graph {};",
        attributes(&[
            ("label", lang.pick("Legend", "图例").to_owned()),
            ("fontsize", "12".to_owned()),
            ("style", "rounded".to_owned()),
            ("color", "#bbbbbb".to_owned()),
            ("labeljust", "l".to_owned()),
        ])
    );
    // each sample: its node, and the end point of its edge for edge samples
    let mut samples: Vec<(String, Option<String>)> = Vec::new();
    for class in NodeClass::ALL.into_iter().filter(|c| classes.contains(c)) {
        let l = look(class);
        let id = format!("legend:class:{class:?}");
        let _ = writeln!(
            out,
            "    {} {};",
            escape(&id),
            attributes(&[
                ("label", diagram.class_name(class).to_owned()),
                ("shape", l.shape.to_owned()),
                ("style", l.style.to_owned()),
                ("fillcolor", l.fill.to_owned()),
                ("color", l.border.to_owned()),
            ])
        );
        samples.push((id, None));
    }
    for kind in kinds {
        // an edge between two dots, its meaning written on it
        let (colour, style, arrowhead) = edge_look(kind);
        let start = format!("legend:edge:{kind:?}");
        let end = format!("legend:edge:{kind:?}:end");
        for dot in [&start, &end] {
            let _ = writeln!(
                out,
                "    {} {};",
                escape(dot),
                attributes(&[
                    ("label", String::new()),
                    ("shape", "point".to_owned()),
                    ("width", "0.05".to_owned()),
                    ("color", colour.to_owned()),
                ])
            );
        }
        let penwidth = if kind == EdgeKind::Evidence || kind == EdgeKind::Cites {
            "3"
        } else {
            "1"
        };
        let _ = writeln!(
            out,
            "    {} -> {} {};",
            escape(&start),
            escape(&end),
            attributes(&[
                ("label", wrap(kind.name(lang), 30, 3).join("\n")),
                ("fontsize", "10".to_owned()),
                ("color", colour.to_owned()),
                ("style", style.to_owned()),
                ("arrowhead", arrowhead.to_owned()),
                ("penwidth", penwidth.to_owned()),
            ])
        );
        samples.push((start, Some(end)));
    }
    legend_layout(&mut out, &samples, diagram.rankdir);
    let _ = writeln!(out, "  }}");
    let _ = writeln!(out, "}}");
    out
}

/// Arranges the legend's samples, each edge sample running left to right. In LR: one column
/// (the samples share a rank; each edge goes to the next rank). In TB: rows of four (each row
/// a rank, each edge along it), one under the other.
fn legend_layout(out: &mut String, samples: &[(String, Option<String>)], rankdir: RankDir) {
    match rankdir {
        RankDir::LeftRight => {
            let ids: Vec<&str> = samples.iter().map(|(id, _)| id.as_str()).collect();
            same_rank(out, &ids, rankdir, "    ", true);
        }
        RankDir::TopBottom => {
            let rows: Vec<Vec<&str>> = samples
                .chunks(4)
                .map(|row| {
                    row.iter()
                        .flat_map(|(id, end)| std::iter::once(id.as_str()).chain(end.as_deref()))
                        .collect()
                })
                .collect();
            for row in &rows {
                same_rank(out, row, rankdir, "    ", true);
            }
            for pair in rows.windows(2) {
                let _ = writeln!(
                    out,
                    "    {} -> {} {};",
                    escape(pair[0][0]),
                    escape(pair[1][0]),
                    attributes(&[("style", "invis".to_owned())])
                );
            }
        }
    }
}

/// Puts nodes in one rank, in reading order, with invisible flat edges between neighbours.
/// Graphviz (2.43) draws a flat edge's tail first (left of, or above, its head), except inside a
/// cluster when ranks run left to right, where the tail goes below: reversed there.
fn same_rank(out: &mut String, ids: &[&str], rankdir: RankDir, indent: &str, in_cluster: bool) {
    if ids.len() < 2 {
        return;
    }
    let quoted: Vec<String> = ids.iter().map(|i| escape(i)).collect();
    let _ = writeln!(out, "{indent}{{ rank=same; {}; }}", quoted.join("; "));
    let reversed = rankdir == RankDir::LeftRight && in_cluster;
    for pair in quoted.windows(2) {
        let (a, b) = if reversed {
            (&pair[1], &pair[0])
        } else {
            (&pair[0], &pair[1])
        };
        let _ = writeln!(
            out,
            "{indent}{a} -> {b} {};",
            attributes(&[("style", "invis".to_owned())])
        );
    }
}

struct Tree<'a> {
    members: &'a BTreeMap<Option<&'a str>, Vec<&'a Node>>,
    children: &'a BTreeMap<Option<&'a str>, Vec<&'a Cluster>>,
    same_ranks: &'a BTreeMap<Option<&'a str>, Vec<Vec<&'a str>>>,
    rankdir: RankDir,
}

impl Tree<'_> {
    /// Whether a cluster or one of its sub-clusters holds a node.
    fn occupied(&self, cluster: &Cluster) -> bool {
        self.members
            .get(&Some(cluster.id.as_str()))
            .is_some_and(|m| !m.is_empty())
            || self
                .children
                .get(&Some(cluster.id.as_str()))
                .into_iter()
                .flatten()
                .any(|c| self.occupied(c))
    }

    fn write_cluster(&self, out: &mut String, cluster: &Cluster, depth: usize) {
        if !self.occupied(cluster) {
            return;
        }
        let indent = "  ".repeat(depth);
        let _ = writeln!(
            out,
            "{indent}subgraph {} {{",
            escape(&format!("cluster_{}", cluster.id))
        );
        let mut label = cluster.label.clone();
        if cluster.counted {
            let n = self
                .members
                .get(&Some(cluster.id.as_str()))
                .map_or(0, Vec::len);
            label = format!("{label} ({n})");
        }
        let mut attrs = vec![
            ("label", wrap(&label, 40, 3).join("\n")),
            ("fontsize", "12".to_owned()),
            ("style", "rounded,filled".to_owned()),
            (
                "fillcolor",
                if depth % 2 == 1 { "#f7f7f7" } else { "#ffffff" }.to_owned(),
            ),
            ("color", "#bbbbbb".to_owned()),
            ("labeljust", "l".to_owned()),
        ];
        if let Some(iri) = &cluster.iri {
            attrs.push(("URL", iri.clone()));
        }
        let _ = writeln!(out, "{indent}  graph {};", attributes(&attrs));
        for node in self
            .members
            .get(&Some(cluster.id.as_str()))
            .into_iter()
            .flatten()
        {
            write_node(out, node, depth + 1);
        }
        for group in self
            .same_ranks
            .get(&Some(cluster.id.as_str()))
            .into_iter()
            .flatten()
        {
            same_rank(out, group, self.rankdir, &"  ".repeat(depth + 1), true);
        }
        for child in self
            .children
            .get(&Some(cluster.id.as_str()))
            .into_iter()
            .flatten()
        {
            self.write_cluster(out, child, depth + 1);
        }
        let _ = writeln!(out, "{indent}}}");
    }
}

fn write_node(out: &mut String, node: &Node, depth: usize) {
    let l = look(node.class);
    let mut attrs = vec![
        ("label", node_label(node, l.columns)),
        ("shape", l.shape.to_owned()),
        ("style", l.style.to_owned()),
        (
            "fillcolor",
            node.fill.clone().unwrap_or_else(|| l.fill.to_owned()),
        ),
        ("color", l.border.to_owned()),
        (
            "tooltip",
            node.tooltip
                .clone()
                .unwrap_or_else(|| node.lines.join("\n")),
        ),
    ];
    if let Some(iri) = &node.iri {
        attrs.push(("URL", iri.clone()));
    }
    let _ = writeln!(
        out,
        "{}{} {};",
        "  ".repeat(depth),
        escape(&node.id),
        attributes(&attrs)
    );
}

fn write_edge(out: &mut String, from: &Node, to: &Node, edge: &Edge, heaviest: u32) {
    let (colour, style, arrowhead) = edge_look(edge.kind);
    let colour = edge.colour.as_deref().unwrap_or(colour);
    let mut attrs = vec![
        ("color", colour.to_owned()),
        ("style", style.to_owned()),
        ("arrowhead", arrowhead.to_owned()),
    ];
    if heaviest > 1 {
        // line width grows with the square root of the weight: 1 point for 1, 5 for the heaviest
        let share = f64::from(edge.weight.saturating_sub(1)) / f64::from(heaviest - 1);
        attrs.push(("penwidth", format!("{:.2}", 1.0 + 4.0 * share.sqrt())));
    }
    if let Some(label) = &edge.label {
        attrs.push(("label", wrap(label, 24, 3).join("\n")));
        attrs.push(("fontcolor", colour.to_owned()));
    }
    if let Some(tooltip) = &edge.tooltip {
        attrs.push(("tooltip", tooltip.clone()));
        attrs.push(("labeltooltip", tooltip.clone()));
    }
    if let Some(minlen) = edge.minlen {
        attrs.push(("minlen", minlen.to_string()));
    }
    let (tail, head) = if edge.backward {
        attrs.push(("dir", "back".to_owned()));
        attrs.push(("arrowtail", arrowhead.to_owned()));
        (to, from)
    } else {
        (from, to)
    };
    let _ = writeln!(
        out,
        "  {} -> {} {};",
        escape(&tail.id),
        escape(&head.id),
        attributes(&attrs)
    );
}

/// What `-o FILE` writes, by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// DOT text, written as is.
    Dot,
    /// SVG, through `dot -Tsvg`.
    Svg,
    /// PNG, through `dot -Tpng`.
    Png,
    /// PDF, through `dot -Tpdf`.
    Pdf,
}

impl OutputFormat {
    /// The format a file name asks for.
    pub fn from_path(path: &Path) -> Result<OutputFormat, ExportError> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "dot" | "gv" => Ok(OutputFormat::Dot),
            "svg" => Ok(OutputFormat::Svg),
            "png" => Ok(OutputFormat::Png),
            "pdf" => Ok(OutputFormat::Pdf),
            _ => Err(ExportError::UnknownFormat {
                path: path.to_owned(),
            }),
        }
    }

    /// Graphviz's name for it (`-Tsvg`).
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Dot => "dot",
            OutputFormat::Svg => "svg",
            OutputFormat::Png => "png",
            OutputFormat::Pdf => "pdf",
        }
    }
}

/// Graphviz's `dot` program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graphviz {
    program: PathBuf,
}

impl Default for Graphviz {
    fn default() -> Self {
        Graphviz {
            program: PathBuf::from("dot"),
        }
    }
}

impl Graphviz {
    /// A given `dot` program (a name looked up on PATH, or a path).
    pub fn new(program: impl Into<PathBuf>) -> Self {
        Graphviz {
            program: program.into(),
        }
    }

    /// Runs `dot -T{format}` on DOT text and returns its output.
    pub fn render(&self, dot: &str, format: OutputFormat) -> Result<Vec<u8>, ExportError> {
        if format == OutputFormat::Dot {
            return Ok(dot.as_bytes().to_vec());
        }
        let spawned = Command::new(&self.program)
            .arg(format!("-T{}", format.name()))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ExportError::DotMissing {
                    program: self.program.clone(),
                    format: format.name(),
                });
            }
            Err(source) => {
                return Err(ExportError::DotStart {
                    program: self.program.clone(),
                    source,
                });
            }
        };
        let stdin = child.stdin.take();
        let output = std::thread::scope(|scope| {
            scope.spawn(move || {
                if let Some(mut stdin) = stdin {
                    // a failed write shows up as dot's own error below
                    let _ = stdin.write_all(dot.as_bytes());
                }
            });
            child.wait_with_output()
        })
        .map_err(|source| ExportError::DotStart {
            program: self.program.clone(),
            source,
        })?;
        if !output.status.success() {
            return Err(ExportError::DotFailed {
                program: self.program.clone(),
                format: format.name(),
                status: output.status,
                stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
            });
        }
        Ok(output.stdout)
    }

    /// Writes DOT text to a file in the format its extension names (through `dot` for SVG,
    /// PNG and PDF), or to standard output when there is no file. Nothing is written when
    /// Graphviz fails.
    pub fn save(&self, dot: &str, path: Option<&Path>) -> Result<(), ExportError> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            let mut stdout = std::io::stdout().lock();
            return stdout
                .write_all(dot.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|source| ExportError::Write {
                    path: PathBuf::from("-"),
                    source,
                });
        };
        let bytes = self.render(dot, OutputFormat::from_path(path)?)?;
        std::fs::write(path, bytes).map_err(|source| ExportError::Write {
            path: path.to_owned(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_quotes_backslashes_newlines_and_chinese() {
        assert_eq!(escape("plain"), "\"plain\"");
        assert_eq!(escape("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(escape("a\\b"), "\"a\\\\b\"");
        assert_eq!(escape("ends with \\"), "\"ends with \\\\\"");
        assert_eq!(
            escape("\\N is not a node name"),
            "\"\\\\N is not a node name\""
        );
        assert_eq!(escape("two\nlines\r\n"), "\"two\\nlines\\n\"");
        assert_eq!(escape("tab\there"), "\"tab here\"");
        assert_eq!(escape("《议定书》第27条"), "\"《议定书》第27条\"");
    }

    #[test]
    fn formats_come_from_extensions() {
        assert_eq!(
            OutputFormat::from_path(Path::new("a.SVG")).ok(),
            Some(OutputFormat::Svg)
        );
        assert_eq!(
            OutputFormat::from_path(Path::new("a.dot")).ok(),
            Some(OutputFormat::Dot)
        );
        let err = OutputFormat::from_path(Path::new("a.jpeg")).expect_err("jpeg");
        assert!(
            err.to_string().contains(".dot, .svg, .png or .pdf"),
            "{err}"
        );
    }
}
