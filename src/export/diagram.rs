//! The picture before it is drawn: a petgraph graph whose nodes are resources (class, label,
//! cluster, rank in the view) and whose edges are relations (kind, weight), with the layout
//! constraints that keep dates in order. Views build it; selection (what stays connected to the
//! view's roots) and `--max-nodes` cutting work on the graph; [`super::dot`] writes it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::unionfind::UnionFind;
use petgraph::visit::{
    Bfs, EdgeRef, IntoEdgeReferences, NodeIndexable, UndirectedAdaptor, VisitMap,
};

use super::labels::Lang;
use crate::vocab::{CK, ID};

/// What kind of thing a node is: decides its shape and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum NodeClass {
    /// A resolution.
    Resolution,
    /// A decision.
    Decision,
    /// A body (working group, Conference of the Parties).
    Body,
    /// A meeting.
    Meeting,
    /// An agenda item.
    AgendaItem,
    /// A document.
    Document,
    /// A country.
    Country,
    /// An organisation.
    Organisation,
    /// A person.
    Person,
    /// A theme (SKOS concept).
    Theme,
    /// A treaty or other instrument.
    Instrument,
    /// An article, paragraph or point of an instrument.
    Provision,
    /// Anything else (in CONSTRUCT results).
    Other,
}

impl NodeClass {
    /// Every class, in legend order.
    pub const ALL: [NodeClass; 13] = [
        NodeClass::Resolution,
        NodeClass::Decision,
        NodeClass::Body,
        NodeClass::Meeting,
        NodeClass::AgendaItem,
        NodeClass::Document,
        NodeClass::Country,
        NodeClass::Organisation,
        NodeClass::Person,
        NodeClass::Theme,
        NodeClass::Instrument,
        NodeClass::Provision,
        NodeClass::Other,
    ];

    /// The RDF class, when there is one.
    pub fn class_iri(self) -> Option<String> {
        let local = match self {
            NodeClass::Resolution => "Resolution",
            NodeClass::Decision => "Decision",
            NodeClass::Body => "Body",
            NodeClass::Meeting => "Meeting",
            NodeClass::AgendaItem => "AgendaItem",
            NodeClass::Document => "Document",
            NodeClass::Country => "Country",
            NodeClass::Organisation => "Organisation",
            NodeClass::Person => "Person",
            NodeClass::Instrument => "Instrument",
            NodeClass::Provision => "Provision",
            NodeClass::Theme => return Some(SKOS_CONCEPT.to_owned()),
            NodeClass::Other => return None,
        };
        Some(format!("{CK}{local}"))
    }

    /// The class of an RDF class IRI.
    pub fn from_class_iri(iri: &str) -> Option<NodeClass> {
        NodeClass::ALL
            .into_iter()
            .find(|c| c.class_iri().as_deref() == Some(iri))
    }

    /// The class's name, when the ontology gives none.
    pub fn fallback_name(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            NodeClass::Resolution => ("Resolution", "决议"),
            NodeClass::Decision => ("Decision", "决定"),
            NodeClass::Body => ("Body", "机构"),
            NodeClass::Meeting => ("Meeting", "会议"),
            NodeClass::AgendaItem => ("Agenda item", "议程项目"),
            NodeClass::Document => ("Document", "文件"),
            NodeClass::Country => ("Country", "国家"),
            NodeClass::Organisation => ("Organisation", "组织"),
            NodeClass::Person => ("Person", "人员"),
            NodeClass::Theme => ("Theme", "主题"),
            NodeClass::Instrument => ("Instrument", "法律文书"),
            NodeClass::Provision => ("Provision", "条款"),
            NodeClass::Other => ("Other resource", "其他资源"),
        };
        lang.pick(en, zh)
    }

    /// "1 meeting", "2 meetings": a count in English, for messages.
    pub fn count(self, n: usize) -> String {
        let plural = self.plural();
        if n == 1 {
            let one = match self {
                NodeClass::Body => "body",
                NodeClass::Country => "country",
                _ => plural.strip_suffix('s').unwrap_or(plural),
            };
            format!("1 {one}")
        } else {
            format!("{n} {plural}")
        }
    }

    /// The English plural, for messages.
    pub fn plural(self) -> &'static str {
        match self {
            NodeClass::Resolution => "resolutions",
            NodeClass::Decision => "decisions",
            NodeClass::Body => "bodies",
            NodeClass::Meeting => "meetings",
            NodeClass::AgendaItem => "agenda items",
            NodeClass::Document => "documents",
            NodeClass::Country => "countries",
            NodeClass::Organisation => "organisations",
            NodeClass::Person => "persons",
            NodeClass::Theme => "themes",
            NodeClass::Instrument => "instruments",
            NodeClass::Provision => "provisions",
            NodeClass::Other => "other resources",
        }
    }
}

const SKOS_CONCEPT: &str = "http://www.w3.org/2004/02/skos/core#Concept";

/// What an edge says: decides its colour, style and legend entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum EdgeKind {
    /// Body → the resolution or decision it adopted.
    Adopted,
    /// Resolution or decision → the body it established.
    Established,
    /// Body → a meeting it held.
    Held,
    /// Meeting → a document prepared for it.
    PreparedFor,
    /// Meeting → its report.
    ReportOf,
    /// Meeting → one of its agenda items.
    AgendaItem,
    /// Attendance, in a role (the label).
    Attended,
    /// A statement under an agenda item.
    Spoke,
    /// A statement whose report names no agenda item.
    SpokeWithoutItem,
    /// Person → the country or organisation represented.
    Represents,
    /// Meeting → theme, weighted by evidence.
    Evidence,
    /// Document → provision, weighted by citing paragraphs.
    Cites,
    /// Any other predicate (CONSTRUCT results); the label names it.
    Predicate,
}

impl EdgeKind {
    /// The legend's words for this kind of edge.
    pub fn name(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            EdgeKind::Adopted => ("adopted", "通过"),
            EdgeKind::Established => ("established", "设立"),
            EdgeKind::Held => ("held meeting", "举行会议"),
            EdgeKind::PreparedFor => ("document prepared for the meeting", "为会议编写的文件"),
            EdgeKind::ReportOf => ("report of the meeting", "会议报告"),
            EdgeKind::AgendaItem => ("agenda item", "议程项目"),
            EdgeKind::Attended => ("attended as", "出席身份"),
            EdgeKind::Spoke => ("spoke under the agenda item", "在该议程项目下发言"),
            EdgeKind::SpokeWithoutItem => {
                ("spoke (no agenda item stated)", "发言（未注明议程项目）")
            }
            EdgeKind::Represents => ("represents", "代表"),
            EdgeKind::Evidence => (
                "line width: agenda items + background papers + paragraphs",
                "线宽：议程项目 + 背景文件 + 段落",
            ),
            EdgeKind::Cites => (
                "cites; line width: citing paragraphs",
                "引用；线宽：引用段落数",
            ),
            EdgeKind::Predicate => ("relation (named on the edge)", "关系（见连线标注）"),
        };
        lang.pick(en, zh)
    }
}

/// Which way ranks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankDir {
    /// Left to right (`rankdir=LR`).
    LeftRight,
    /// Top to bottom (`rankdir=TB`).
    TopBottom,
}

/// A resource on the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The DOT node id, derived from the IRI ([`node_id`]).
    pub id: String,
    /// The resource's IRI (a link in SVG).
    pub iri: Option<String>,
    /// What it is.
    pub class: NodeClass,
    /// The label: the name, then details, one entry per line (wrapped when drawn).
    pub lines: Vec<String>,
    /// Text shown on hover (the full name when the label is shortened).
    pub tooltip: Option<String>,
    /// The cluster it is drawn in.
    pub cluster: Option<String>,
    /// Sort key within its cluster (dates, zero-padded numbers…).
    pub order: String,
    /// Importance in the view: 0 first; `--max-nodes` keeps the lowest.
    pub priority: u32,
    /// Whether the view is about this node: what is not connected to a root is left out.
    pub root: bool,
    /// A fill colour instead of the class's.
    pub fill: Option<String>,
}

impl Node {
    /// A node for a resource, its id derived from the IRI.
    pub fn resource(iri: &str, class: NodeClass, name: impl Into<String>) -> Node {
        Node {
            iri: Some(iri.to_owned()),
            ..Node::new(node_id(iri), class, name)
        }
    }

    /// A node with a given id and no IRI (a blank node).
    pub fn new(id: impl Into<String>, class: NodeClass, name: impl Into<String>) -> Node {
        Node {
            id: id.into(),
            iri: None,
            class,
            lines: vec![name.into()],
            tooltip: None,
            cluster: None,
            order: String::new(),
            priority: 0,
            root: false,
            fill: None,
        }
    }

    /// The name: the first line.
    pub fn name(&self) -> &str {
        self.lines.first().map_or("", String::as_str)
    }

    /// Adds a line to the label.
    pub fn line(mut self, line: impl Into<String>) -> Node {
        let line = line.into();
        if !line.is_empty() {
            self.lines.push(line);
        }
        self
    }

    /// Puts the node in a cluster.
    pub fn in_cluster(mut self, cluster: impl Into<String>) -> Node {
        self.cluster = Some(cluster.into());
        self
    }

    /// Sets the sort key.
    pub fn ordered(mut self, order: impl Into<String>) -> Node {
        self.order = order.into();
        self
    }

    /// Sets the importance (0 first).
    pub fn priority(mut self, priority: u32) -> Node {
        self.priority = priority;
        self
    }

    /// Makes it a root of the view.
    pub fn root(mut self) -> Node {
        self.root = true;
        self
    }

    /// Sets the hover text.
    pub fn tooltip(mut self, tooltip: impl Into<String>) -> Node {
        self.tooltip = Some(tooltip.into());
        self
    }

    fn key(&self) -> (u32, &str, &str) {
        (self.priority, &self.order, &self.id)
    }
}

/// A relation on the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// What it says.
    pub kind: EdgeKind,
    /// Words on the edge.
    pub label: Option<String>,
    /// Text shown on hover.
    pub tooltip: Option<String>,
    /// How much evidence: drawn as line width when above 1.
    pub weight: u32,
    /// False when the picture shows the relation otherwise (e.g. by a cluster).
    pub drawn: bool,
    /// A colour instead of the kind's.
    pub colour: Option<String>,
    /// At least this many ranks between the ends.
    pub minlen: Option<u32>,
    /// Laid out from head to tail (the head one rank before the tail), still drawn pointing at
    /// the head: lets a view put targets on both sides of their sources.
    pub backward: bool,
}

impl Edge {
    /// A drawn edge of weight 1.
    pub fn new(kind: EdgeKind) -> Edge {
        Edge {
            kind,
            label: None,
            tooltip: None,
            weight: 1,
            drawn: true,
            colour: None,
            minlen: None,
            backward: false,
        }
    }

    /// Sets the words on the edge.
    pub fn labelled(mut self, label: impl Into<String>) -> Edge {
        self.label = Some(label.into());
        self
    }

    /// Sets the weight.
    pub fn weighted(mut self, weight: u32) -> Edge {
        self.weight = weight;
        self
    }

    /// Keeps the edge in the graph (for selection) without drawing it.
    pub fn hidden(mut self) -> Edge {
        self.drawn = false;
        self
    }
}

/// A box around related nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Its id (unique in the diagram).
    pub id: String,
    /// Its title.
    pub label: String,
    /// The cluster it sits in.
    pub parent: Option<String>,
    /// Sort key among its siblings.
    pub order: String,
    /// The resource it stands for, if any (a link in SVG).
    pub iri: Option<String>,
    /// Whether the title ends with the number of nodes drawn in it, "(72)".
    pub counted: bool,
}

impl Cluster {
    /// A top-level cluster.
    pub fn new(id: impl Into<String>, label: impl Into<String>, order: impl Into<String>) -> Self {
        Cluster {
            id: id.into(),
            label: label.into(),
            parent: None,
            order: order.into(),
            iri: None,
            counted: false,
        }
    }
}

/// A layout rule beyond the edges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constraint {
    /// Keep these nodes in this order along the rank direction, one rank after the other
    /// (invisible edges between consecutive ones).
    Order(Vec<String>),
    /// Put these nodes in the same rank, in this order across it: left to right when ranks run
    /// top to bottom, top to bottom when they run left to right.
    SameRank(Vec<String>),
    /// Place `to` at least `minlen` ranks after `from` (an invisible edge).
    Anchor {
        /// The earlier node.
        from: String,
        /// The later node.
        to: String,
        /// Ranks between them.
        minlen: u32,
    },
}

/// The in-memory picture: a petgraph graph plus clusters, constraints and titles.
#[derive(Debug, Clone)]
pub struct Diagram {
    /// The view it draws (for messages).
    pub view: &'static str,
    /// Title lines.
    pub title: Vec<String>,
    /// The language of labels.
    pub lang: Lang,
    /// Which way ranks run.
    pub rankdir: RankDir,
    /// Graph attributes for this view (e.g. `ranksep`, `splines`), over the defaults.
    pub graph_attributes: Vec<(&'static str, String)>,
    graph: StableDiGraph<Node, Edge>,
    index: BTreeMap<String, NodeIndex>,
    clusters: BTreeMap<String, Cluster>,
    constraints: Vec<Constraint>,
    class_names: BTreeMap<NodeClass, String>,
}

impl Diagram {
    /// An empty diagram.
    pub fn new(view: &'static str, title: impl Into<String>, lang: Lang, rankdir: RankDir) -> Self {
        Diagram {
            view,
            title: vec![title.into()],
            lang,
            rankdir,
            graph_attributes: Vec::new(),
            graph: StableDiGraph::new(),
            index: BTreeMap::new(),
            clusters: BTreeMap::new(),
            constraints: Vec::new(),
            class_names: BTreeMap::new(),
        }
    }

    /// Adds a node, or returns the one with the same id (keeping the more important priority
    /// and root flag of the two).
    pub fn add_node(&mut self, node: Node) -> NodeIndex {
        if let Some(&i) = self.index.get(&node.id) {
            let existing = &mut self.graph[i];
            existing.priority = existing.priority.min(node.priority);
            existing.root |= node.root;
            return i;
        }
        let id = node.id.clone();
        let i = self.graph.add_node(node);
        self.index.insert(id, i);
        i
    }

    /// Adds an edge between two nodes by id; false when either is missing or the same edge
    /// (same ends, kind and label) exists.
    pub fn add_edge(&mut self, from: &str, to: &str, edge: Edge) -> bool {
        let (Some(&a), Some(&b)) = (self.index.get(from), self.index.get(to)) else {
            return false;
        };
        let exists = self
            .graph
            .edges_connecting(a, b)
            .any(|e| e.weight().kind == edge.kind && e.weight().label == edge.label);
        if !exists {
            self.graph.add_edge(a, b, edge);
        }
        !exists
    }

    /// Adds a cluster (replacing one with the same id).
    pub fn add_cluster(&mut self, cluster: Cluster) {
        self.clusters.insert(cluster.id.clone(), cluster);
    }

    /// Adds a layout constraint.
    pub fn constrain(&mut self, constraint: Constraint) {
        self.constraints.push(constraint);
    }

    /// Puts nodes in one rank, ordered by their sort keys (then ids); unknown ids are skipped.
    pub fn same_rank(&mut self, ids: impl IntoIterator<Item = String>) {
        let mut ranked: Vec<(&str, &str)> = Vec::new();
        let ids: BTreeSet<String> = ids.into_iter().collect();
        for id in &ids {
            if let Some(node) = self.node(id) {
                ranked.push((&node.order, &node.id));
            }
        }
        ranked.sort();
        let ordered = ranked.into_iter().map(|(_, id)| id.to_owned()).collect();
        self.constraints.push(Constraint::SameRank(ordered));
    }

    /// Adds a title line (filters, counts).
    pub fn subtitle(&mut self, line: impl Into<String>) {
        self.title.push(line.into());
    }

    /// Names a class in the legend.
    pub fn name_class(&mut self, class: NodeClass, name: impl Into<String>) {
        self.class_names.insert(class, name.into());
    }

    /// The legend's name of a class.
    pub fn class_name(&self, class: NodeClass) -> &str {
        self.class_names
            .get(&class)
            .map_or_else(|| class.fallback_name(self.lang), String::as_str)
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.graph[i])
    }

    /// The node with this id, to change.
    pub fn node_mut(&mut self, id: &str) -> Option<&mut Node> {
        self.index.get(id).map(|&i| &mut self.graph[i])
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    /// Whether there is no node.
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// The nodes, sorted by cluster sort key, then their own, then id.
    pub fn nodes(&self) -> Vec<&Node> {
        let mut nodes: Vec<&Node> = self.graph.node_weights().collect();
        nodes.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        nodes
    }

    /// The edges with their ends, sorted by ends (their sort keys, then ids), kind and label.
    pub fn edges(&self) -> Vec<(&Node, &Node, &Edge)> {
        let mut edges: Vec<(&Node, &Node, &Edge)> = self
            .graph
            .edge_references()
            .map(|e| (&self.graph[e.source()], &self.graph[e.target()], e.weight()))
            .collect();
        edges.sort_by(|(a1, b1, e1), (a2, b2, e2)| {
            (&a1.order, &a1.id, &b1.order, &b1.id, e1.kind, &e1.label)
                .cmp(&(&a2.order, &a2.id, &b2.order, &b2.id, e2.kind, &e2.label))
        });
        edges
    }

    /// The clusters, by id.
    pub fn clusters(&self) -> &BTreeMap<String, Cluster> {
        &self.clusters
    }

    /// The clusters a node sits in, innermost first.
    pub fn cluster_path(&self, id: &str) -> Vec<&Cluster> {
        let mut path = Vec::new();
        let mut next = self.node(id).and_then(|n| n.cluster.as_deref());
        while let Some(c) = next.and_then(|c| self.clusters.get(c)) {
            if path.iter().any(|p: &&Cluster| p.id == c.id) {
                break;
            }
            path.push(c);
            next = c.parent.as_deref();
        }
        path
    }

    /// The layout constraints.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// Neighbours of a node (either direction), by id.
    pub fn neighbours(&self, id: &str) -> BTreeSet<&str> {
        let Some(&i) = self.index.get(id) else {
            return BTreeSet::new();
        };
        self.graph
            .neighbors_undirected(i)
            .map(|j| self.graph[j].id.as_str())
            .collect()
    }

    /// Removes the nodes `keep` refuses (and their edges); returns them.
    pub fn retain(&mut self, keep: impl Fn(&Node) -> bool) -> Vec<Node> {
        let drop: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&i| !keep(&self.graph[i]))
            .collect();
        self.remove(drop)
    }

    fn remove(&mut self, nodes: Vec<NodeIndex>) -> Vec<Node> {
        let mut removed = Vec::new();
        for i in nodes {
            if let Some(node) = self.graph.remove_node(i) {
                self.index.remove(&node.id);
                removed.push(node);
            }
        }
        removed
    }

    /// Removes what is no longer connected to a root (after filtering or cutting); returns it.
    /// Without roots, keeps everything.
    pub fn prune(&mut self) -> Vec<Node> {
        let roots: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&i| self.graph[i].root)
            .collect();
        let Some((&first, rest)) = roots.split_first() else {
            return Vec::new();
        };
        let undirected = UndirectedAdaptor(&self.graph);
        let mut bfs = Bfs::new(undirected, first);
        for &root in rest {
            if bfs.discovered.visit(root) {
                bfs.stack.push_back(root);
            }
        }
        let mut reached = BTreeSet::new();
        while let Some(i) = bfs.next(undirected) {
            reached.insert(i);
        }
        let unreached: Vec<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|i| !reached.contains(i))
            .collect();
        self.remove(unreached)
    }

    /// Keeps the `max` most important nodes (by priority, then sort key) and what stays
    /// connected to a root; says what was left out, or None when nothing was.
    pub fn limit(&mut self, max: usize) -> Option<Cut> {
        let total = self.len();
        if total <= max {
            return None;
        }
        let mut ranked: Vec<NodeIndex> = self.graph.node_indices().collect();
        ranked.sort_by(|&a, &b| self.graph[a].key().cmp(&self.graph[b].key()));
        let dropped = ranked.split_off(max);
        let mut left_out = self.remove(dropped);
        left_out.extend(self.prune());
        left_out.sort_by(|a, b| a.key().cmp(&b.key()));
        let mut per_class: BTreeMap<NodeClass, usize> = BTreeMap::new();
        for node in &left_out {
            *per_class.entry(node.class).or_default() += 1;
        }
        let mut per_class: Vec<(NodeClass, usize)> = per_class.into_iter().collect();
        per_class.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Some(Cut {
            view: self.view,
            total,
            kept: self.len(),
            max,
            left_out: per_class,
            examples: left_out.iter().take(5).map(|n| n.lines.join(" ")).collect(),
        })
    }

    /// Connected components (edges taken both ways), as node ids: largest first, then by the
    /// smallest id; each component sorted.
    pub fn components(&self) -> Vec<Vec<String>> {
        let mut sets = UnionFind::<usize>::new(self.graph.node_bound());
        for e in self.graph.edge_references() {
            sets.union(e.source().index(), e.target().index());
        }
        let mut groups: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for i in self.graph.node_indices() {
            groups
                .entry(sets.find(i.index()))
                .or_default()
                .push(self.graph[i].id.clone());
        }
        let mut components: Vec<Vec<String>> = groups
            .into_values()
            .map(|mut ids| {
                ids.sort();
                ids
            })
            .collect();
        components.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        components
    }
}

/// What `--max-nodes` left out of a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The view.
    pub view: &'static str,
    /// Nodes before cutting.
    pub total: usize,
    /// Nodes drawn.
    pub kept: usize,
    /// The limit.
    pub max: usize,
    /// Left out, per class, most first.
    pub left_out: Vec<(NodeClass, usize)>,
    /// Names of the first nodes left out (the most important of them).
    pub examples: Vec<String>,
}

impl fmt::Display for Cut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dropped = self.total - self.kept;
        let classes: Vec<String> = self
            .left_out
            .iter()
            .map(|(class, n)| class.count(*n))
            .collect();
        write!(
            f,
            "the {} view has {} nodes; --max-nodes {} drew {} and left out {dropped}: {}",
            self.view,
            self.total,
            self.max,
            self.kept,
            classes.join(", ")
        )?;
        if !self.examples.is_empty() {
            let more = if dropped > self.examples.len() {
                ", …"
            } else {
                ""
            };
            write!(f, " ({}{more})", self.examples.join("; "))?;
        }
        write!(f, "; use --max-nodes {} to draw everything", self.total)
    }
}

/// A stable DOT node id for an IRI: `id:…` and `ck:…` for the project's namespaces, the IRI
/// itself otherwise. (Written through [`super::dot::escape`] like every other string.)
pub fn node_id(iri: &str) -> String {
    if let Some(rest) = iri.strip_prefix(ID) {
        format!("id:{rest}")
    } else if let Some(rest) = iri.strip_prefix(CK) {
        format!("ck:{rest}")
    } else {
        iri.to_owned()
    }
}

#[cfg(test)]
mod tests;
