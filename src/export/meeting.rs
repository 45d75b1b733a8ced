//! The `meeting` view: one meeting, left to right: its documents → the meeting → its agenda items
//! → who spoke under each item; everyone who attended is boxed by role (in the order of a UN
//! report's attendance section), speakers first, large groups laid out as a grid. With `--theme`:
//! the items on the theme, who spoke under them, and the documents about it.

use std::collections::{BTreeMap, BTreeSet};

use super::ExportError;
use super::diagram::{
    Cluster, Constraint, Diagram, Edge, EdgeKind, Node, NodeClass, RankDir, node_id,
};
use super::labels::{self, Lang};
use super::mandates::document_node;
use super::scope::{Row, Scope, local_name, plain_key};
use crate::vocab::ID;

/// Roles in the order of an attendance section.
const ROLES: [&str; 10] = [
    "chair",
    "vice-chair",
    "state-party",
    "signatory",
    "observer-state",
    "un-entity",
    "igo",
    "permanent-observer",
    "panellist",
    "secretariat",
];

fn role_rank(role: &str) -> usize {
    let key = local_name(role);
    ROLES.iter().position(|r| *r == key).unwrap_or(ROLES.len())
}

fn class_of(row: &Row) -> NodeClass {
    match row.iri("class").map(local_name) {
        Some("Country") => NodeClass::Country,
        Some("Organisation") => NodeClass::Organisation,
        Some("Person") => NodeClass::Person,
        _ => NodeClass::Other,
    }
}

/// A participant or speaker: who, as what, and which roles.
struct Party<'r> {
    class: NodeClass,
    represents: Option<&'r str>,
    roles: BTreeSet<(usize, &'r str)>,
    spoke: bool,
}

pub(super) fn build(scope: &Scope<'_>, meeting_key: &str) -> Result<Diagram, ExportError> {
    let lang = scope.lang;
    let meeting = format!("{ID}meeting/{}", meeting_key.trim_matches('/'));
    let info = if plain_key(meeting_key) {
        scope.select(&format!(
            "SELECT ?start ?ordinal ?body ?venue WHERE {{
           <{meeting}> a ck:Meeting ; ck:startDate ?start .
           OPTIONAL {{ <{meeting}> ck:ordinal ?ordinal }}
           OPTIONAL {{ <{meeting}> ck:body ?body }}
           OPTIONAL {{ <{meeting}> ck:venue ?venue }}
         }} ORDER BY ?start ?ordinal ?body ?venue LIMIT 1"
        ))?
    } else {
        Vec::new()
    };
    let Some(info) = info.into_iter().next() else {
        let known = scope
            .select(
                "SELECT DISTINCT ?m WHERE { ?m a ck:Meeting ; ck:startDate ?s } ORDER BY ?s ?m",
            )?
            .iter()
            .filter_map(|r| r.iri("m"))
            .map(|m| m.trim_start_matches(&format!("{ID}meeting/")).to_owned())
            .collect();
        return Err(ExportError::UnknownMeeting {
            meeting: meeting_key.to_owned(),
            known,
        });
    };
    let start = info.text("start").unwrap_or_default();
    let items = scope.select(&format!(
        "SELECT DISTINCT ?item ?number WHERE {{
           <{meeting}> ck:agendaItem ?item . OPTIONAL {{ ?item ck:number ?number }}
         }} ORDER BY ?item"
    ))?;
    let documents = scope.select(&format!(
        "SELECT DISTINCT ?document ?symbol ?relation ?documentType WHERE {{
           VALUES ?relation {{ ck:reportOf ck:preparedFor }}
           ?document ?relation <{meeting}> .
           OPTIONAL {{ ?document ck:documentType ?documentType }}
           OPTIONAL {{ ?document dcterms:identifier ?symbol }}
         }} ORDER BY ?relation ?document"
    ))?;
    let attendance = scope.select(&format!(
        "SELECT DISTINCT ?participant ?class ?role ?represents WHERE {{
           <{meeting}> ck:participation ?p . ?p ck:participant ?participant ; ck:role ?role .
           ?participant a ?class . FILTER (?class IN (ck:Country, ck:Organisation, ck:Person))
           OPTIONAL {{ ?participant ck:represents ?represents }}
         }} ORDER BY ?participant ?role"
    ))?;
    let statements = scope.select(&format!(
        "SELECT DISTINCT ?speaker ?class ?item ?represents WHERE {{
           <{meeting}> ck:statement ?s . ?s ck:speaker ?speaker .
           ?speaker a ?class . FILTER (?class IN (ck:Country, ck:Organisation, ck:Person))
           OPTIONAL {{ ?s ck:agendaItem ?item }}
           OPTIONAL {{ ?speaker ck:represents ?represents }}
         }} ORDER BY ?speaker ?item"
    ))?;

    // --theme: the items on the theme, who spoke under them, the documents about it
    let theme = scope.theme.as_ref();
    let item_kept = |item: &str| theme.is_none_or(|t| t.items.contains(item));
    let statements: Vec<&Row> = statements
        .iter()
        .filter(|s| theme.is_none() || s.iri("item").is_some_and(item_kept))
        .collect();

    let mut parties: BTreeMap<&str, Party<'_>> = BTreeMap::new();
    for row in &attendance {
        let (Some(who), Some(role)) = (row.iri("participant"), row.iri("role")) else {
            continue;
        };
        let party = parties.entry(who).or_insert_with(|| Party {
            class: class_of(row),
            represents: row.iri("represents"),
            roles: BTreeSet::new(),
            spoke: false,
        });
        party.roles.insert((role_rank(role), role));
    }
    for row in &statements {
        let Some(who) = row.iri("speaker") else {
            continue;
        };
        parties
            .entry(who)
            .or_insert_with(|| Party {
                class: class_of(row),
                represents: row.iri("represents"),
                roles: BTreeSet::new(),
                spoke: false,
            })
            .spoke = true;
    }
    if theme.is_some() {
        parties.retain(|_, p| p.spoke);
    }

    let labels = scope.labels(
        [meeting.as_str()]
            .into_iter()
            .chain(info.iri("body"))
            .chain(info.iri("venue"))
            .chain(items.iter().filter_map(|r| r.iri("item")))
            .chain(documents.iter().filter_map(|r| r.iri("document")))
            .chain(parties.keys().copied())
            .chain(parties.values().filter_map(|p| p.represents))
            .chain(
                parties
                    .values()
                    .flat_map(|p| p.roles.iter().map(|(_, r)| *r)),
            ),
    )?;

    let mut title = scope.name(&labels, &meeting);
    if let Some(n) = info.number("ordinal") {
        title = format!(
            "{title}{}",
            match lang {
                Lang::En => format!(" ({})", labels::ordinal_meeting(n, lang)),
                Lang::Zh => format!("（{}）", labels::ordinal_meeting(n, lang)),
            }
        );
    }
    let mut diagram = Diagram::new("meeting", title, lang, RankDir::LeftRight);
    // keep the agenda in order (Graphviz's second pass over crossings would shuffle it)
    diagram
        .graph_attributes
        .push(("remincross", "false".to_owned()));
    if let Some(line) = scope.filter_line() {
        diagram.subtitle(line);
    }

    let meeting_id = node_id(&meeting);
    let mut centre = super::mandates::meeting_node(&meeting, start, info.number("ordinal"), lang)
        .root()
        .line(
            info.iri("venue")
                .map(|v| scope.name(&labels, v))
                .unwrap_or_default(),
        );
    if let Some(body) = info.iri("body") {
        centre = centre.tooltip(scope.name(&labels, body));
    }
    diagram.add_node(centre);

    // agenda
    diagram.add_cluster(Cluster::new("agenda", lang.pick("Agenda", "议程"), "1"));
    for row in &items {
        let Some(item) = row.iri("item") else {
            continue;
        };
        if !item_kept(item) {
            continue;
        }
        let name = scope.name(&labels, item);
        diagram.add_node(
            Node::resource(item, NodeClass::AgendaItem, name.clone())
                .tooltip(name)
                .in_cluster("agenda")
                .ordered(format!("{:04}", row.number("number").unwrap_or(9999)))
                .priority(1),
        );
        diagram.add_edge(&meeting_id, &node_id(item), Edge::new(EdgeKind::AgendaItem));
    }

    // documents, left of the meeting
    diagram.add_cluster(Cluster::new(
        "documents",
        lang.pick("Documents", "文件"),
        "0",
    ));
    for row in &documents {
        let (Some(document), Some(relation)) = (row.iri("document"), row.iri("relation")) else {
            continue;
        };
        if theme.is_some_and(|t| !t.documents.contains(document)) {
            continue;
        }
        let report = relation.ends_with("#reportOf");
        diagram.add_node(
            document_node(
                document,
                row.text("symbol"),
                scope.name(&labels, document),
                row.text("documentType"),
                lang,
            )
            .in_cluster("documents")
            .ordered(format!("{} {document}", u8::from(!report)))
            .priority(3),
        );
        let kind = if report {
            EdgeKind::ReportOf
        } else {
            EdgeKind::PreparedFor
        };
        diagram.add_edge(&node_id(document), &meeting_id, Edge::new(kind));
    }

    // participants, boxed by their first role; speakers first in each box
    let mut boxes: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
    let mut spoken: BTreeSet<String> = BTreeSet::new();
    for (who, party) in &parties {
        let first = party.roles.iter().next();
        let (rank, cluster, box_label) = match first {
            Some((rank, role)) => (*rank, format!("role:{role}"), scope.name(&labels, role)),
            None => (
                ROLES.len() + 1,
                "role:none".to_owned(),
                lang.pick("Other speakers", "其他发言者").to_owned(),
            ),
        };
        let name = scope.name(&labels, who);
        let mut node = Node::resource(who, party.class, name.clone())
            .in_cluster(cluster.clone())
            .ordered(format!("{rank:02} {} {name}", u8::from(!party.spoke)))
            .priority(if party.spoke || party.class == NodeClass::Person {
                2
            } else {
                4
            });
        if let Some(r) = party.represents {
            node = node.line(match lang {
                Lang::En => format!("({})", scope.name(&labels, r)),
                Lang::Zh => format!("（{}）", scope.name(&labels, r)),
            });
        }
        let others: Vec<String> = party
            .roles
            .iter()
            .skip(1)
            .map(|(_, r)| scope.name(&labels, r))
            .collect();
        if !others.is_empty() {
            node = node.line(format!(
                "{}{}",
                lang.pick("also ", "亦为"),
                others.join(", ")
            ));
        }
        let id = node.id.clone();
        diagram.add_node(node);
        if party.spoke {
            spoken.insert(id.clone());
        }
        if !party.roles.is_empty() {
            diagram.add_edge(&meeting_id, &id, Edge::new(EdgeKind::Attended).hidden());
        }
        let entry = boxes.entry((rank, cluster.clone())).or_default();
        if entry.is_empty() {
            diagram.add_cluster(Cluster::new(cluster, box_label, format!("2 {rank:02}")));
        }
        entry.push(id);
    }
    for ((_, cluster), members) in &mut boxes {
        members.sort_by(|a, b| {
            let key = |id: &String| {
                diagram
                    .node(id)
                    .map(|n| n.order.clone())
                    .unwrap_or_default()
            };
            key(a).cmp(&key(b)).then(a.cmp(b))
        });
        if let Some(c) = diagram.clusters().get(cluster.as_str()).cloned() {
            diagram.add_cluster(Cluster { counted: true, ..c });
        }
        let speakers = members.iter().filter(|id| spoken.contains(*id)).count();
        grid(&mut diagram, &meeting_id, members, speakers);
    }

    // agenda items top to bottom by number, documents with the report first
    for cluster in ["agenda", "documents"] {
        let ids: Vec<String> = diagram
            .nodes()
            .iter()
            .filter(|n| n.cluster.as_deref() == Some(cluster))
            .map(|n| n.id.clone())
            .collect();
        diagram.same_rank(ids);
    }

    // statements: under an item, or (dashed) with no item stated
    for row in &statements {
        let Some(who) = row.iri("speaker") else {
            continue;
        };
        match row.iri("item") {
            Some(item) => {
                diagram.add_edge(&node_id(item), &node_id(who), Edge::new(EdgeKind::Spoke));
            }
            None => {
                let mut edge = Edge::new(EdgeKind::SpokeWithoutItem);
                edge.minlen = Some(2);
                diagram.add_edge(&meeting_id, &node_id(who), edge);
            }
        }
    }
    Ok(diagram)
}

/// Lays a box's members out as a grid: the speakers (who come first) in the first column, next
/// to the agenda, one per row; the others fill the next columns, column by column. Each row is
/// kept in order by invisible edges and placed by an invisible edge from the meeting, so that
/// column k stands k + 2 ranks after the meeting.
fn grid(diagram: &mut Diagram, meeting: &str, members: &[String], speakers: usize) {
    let (spoke, others) = members.split_at(speakers.min(members.len()));
    // about square on the page: a column is about three rows wide
    let n = members.len();
    let columns = if n <= 6 {
        1
    } else {
        (n as f64 / 2.8).sqrt().ceil() as usize
    };
    let rows = n.div_ceil(columns).max(spoke.len()).max(1);
    let other_columns = others.len().div_ceil(rows);
    for r in 0..rows {
        let mut row: Vec<(usize, String)> = Vec::new();
        if let Some(s) = spoke.get(r) {
            row.push((0, s.clone()));
        }
        let offset = usize::from(!spoke.is_empty());
        for c in 0..other_columns {
            if let Some(o) = others.get(c * rows + r) {
                row.push((c + offset, o.clone()));
            }
        }
        if let Some((column, first)) = row.first() {
            diagram.constrain(Constraint::Anchor {
                from: meeting.to_owned(),
                to: first.clone(),
                minlen: 2 + u32::try_from(*column).unwrap_or(0),
            });
        }
        if row.len() > 1 {
            diagram.constrain(Constraint::Order(
                row.into_iter().map(|(_, id)| id).collect(),
            ));
        }
    }
}
