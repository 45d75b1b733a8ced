//! The `participation` view: one country across meetings. The country on top; below it, the
//! meetings it attended or spoke at, left to right in date order, each boxed with the agenda items
//! the country spoke under and the persons who represented it there (chairs, panellists).

use std::collections::{BTreeMap, BTreeSet};

use super::diagram::{Cluster, Diagram, Edge, EdgeKind, Node, NodeClass, RankDir, node_id};
use super::mandates::meeting_node;
use super::scope::{Scope, local_name, plain_key};
use super::{ExportError, Lang};
use crate::vocab::ID;

const QUERY: &str = "
SELECT DISTINCT ?meeting ?start ?ordinal ?kind ?role ?item ?person WHERE {
  { BIND (<COUNTRY> AS ?who) }
  UNION
  { ?who a ck:Person ; ck:represents <COUNTRY> . BIND (?who AS ?person) }
  {
    ?meeting ck:participation ?record . ?record ck:participant ?who ; ck:role ?role .
    BIND (\"attended\" AS ?kind)
  } UNION {
    ?meeting ck:statement ?record . ?record ck:speaker ?who .
    OPTIONAL { ?record ck:agendaItem ?item }
    BIND (\"spoke\" AS ?kind)
  }
  ?meeting ck:startDate ?start .
  OPTIONAL { ?meeting ck:ordinal ?ordinal }
}
ORDER BY ?start ?meeting ?person ?kind ?role ?item";

/// The countries that attended or spoke at a meeting of the graph (the view's choices).
pub(super) const KNOWN: &str = "
SELECT DISTINCT ?country WHERE {
  ?country a ck:Country .
  { ?record ck:participant ?country } UNION { ?record ck:speaker ?country }
  UNION { ?person ck:represents ?country . { ?record ck:participant ?person } UNION { ?record ck:speaker ?person } }
}
ORDER BY ?country";

/// What one party (the country, or a person for it) did at one meeting.
#[derive(Default)]
struct Activity<'r> {
    roles: BTreeSet<&'r str>,
    items: BTreeSet<&'r str>,
    spoke_without_item: bool,
}

pub(super) fn build(scope: &Scope<'_>, code: &str) -> Result<Diagram, ExportError> {
    let lang = scope.lang;
    let code = code.trim().to_ascii_uppercase();
    let country = format!("{ID}country/{code}");
    let rows = if plain_key(&code) {
        scope.select(&QUERY.replace("COUNTRY", &country))?
    } else {
        Vec::new()
    };
    if rows.is_empty() {
        let known = scope
            .select(KNOWN)?
            .iter()
            .filter_map(|r| r.iri("country"))
            .map(|c| local_name(c).to_owned())
            .collect();
        return Err(ExportError::UnknownCountry {
            country: code,
            known,
        });
    }

    let theme = scope.theme.as_ref();
    let mut meetings: BTreeMap<&str, (&str, Option<u32>)> = BTreeMap::new();
    // (meeting, person or "" for the country itself) → what they did
    let mut activity: BTreeMap<(&str, &str), Activity<'_>> = BTreeMap::new();
    for row in &rows {
        let (Some(meeting), Some(start)) = (row.iri("meeting"), row.text("start")) else {
            continue;
        };
        if !scope.in_range(start) || theme.is_some_and(|t| !t.meetings.contains(meeting)) {
            continue;
        }
        let item = row.iri("item");
        if theme.is_some_and(|t| {
            row.text("kind") == Some("spoke") && !item.is_some_and(|i| t.items.contains(i))
        }) {
            continue;
        }
        meetings.insert(meeting, (start, row.number("ordinal")));
        let entry = activity
            .entry((meeting, row.iri("person").unwrap_or("")))
            .or_default();
        match (row.text("kind"), row.iri("role"), item) {
            (Some("attended"), Some(role), _) => {
                entry.roles.insert(role);
            }
            (Some("spoke"), _, Some(item)) => {
                entry.items.insert(item);
            }
            (Some("spoke"), _, None) => entry.spoke_without_item = true,
            _ => {}
        }
    }

    let labels = scope.labels(
        [country.as_str()]
            .into_iter()
            .chain(activity.keys().map(|(_, p)| *p).filter(|p| !p.is_empty()))
            .chain(
                activity
                    .values()
                    .flat_map(|a| a.roles.iter().chain(&a.items).copied()),
            ),
    )?;
    let name = scope.name(&labels, &country);
    let mut diagram = Diagram::new(
        "participation",
        match lang {
            Lang::En => format!("{name} at the meetings"),
            Lang::Zh => format!("{name}参加会议的情况"),
        },
        lang,
        RankDir::TopBottom,
    );
    if let Some(line) = scope.filter_line() {
        diagram.subtitle(line);
    }
    let country_id = node_id(&country);
    diagram.add_node(Node::resource(&country, NodeClass::Country, name).root());

    let mut row_ids = Vec::new();
    for (meeting, (start, ordinal)) in &meetings {
        let cluster = format!("meeting:{meeting}");
        diagram.add_cluster(Cluster::new(cluster.clone(), "", *start));
        let node = meeting_node(meeting, start, *ordinal, lang)
            .in_cluster(cluster)
            .priority(1);
        row_ids.push(node.id.clone());
        diagram.add_node(node);
    }
    diagram.same_rank(row_ids);

    for ((meeting, person), what) in &activity {
        let meeting_id = node_id(meeting);
        let cluster = format!("meeting:{meeting}");
        let start = meetings.get(meeting).map_or("", |m| m.0);
        let roles: Vec<String> = what.roles.iter().map(|r| scope.name(&labels, r)).collect();
        // who did it: the country itself, or a person (placed under the meeting)
        let party = if person.is_empty() {
            if !roles.is_empty() {
                diagram.add_edge(
                    &country_id,
                    &meeting_id,
                    Edge::new(EdgeKind::Attended).labelled(roles.join(", ")),
                );
            }
            country_id.clone()
        } else {
            let node = Node::resource(person, NodeClass::Person, scope.name(&labels, person))
                .line(roles.join(", "))
                .in_cluster(cluster.clone())
                .ordered(format!("{start} 1 {person}"))
                .priority(2);
            let id = node.id.clone();
            diagram.add_node(node);
            // drawn towards the country, laid out from it (the country stays on top)
            let mut represents = Edge::new(EdgeKind::Represents);
            represents.backward = true;
            diagram.add_edge(&id, &country_id, represents);
            // the role is on the person's label; a person who only spoke still hangs here
            let mut attended = Edge::new(EdgeKind::Attended);
            if roles.is_empty() {
                attended = attended.hidden();
            }
            diagram.add_edge(&meeting_id, &id, attended);
            id
        };
        if what.spoke_without_item {
            diagram.add_edge(
                if person.is_empty() {
                    &country_id
                } else {
                    &meeting_id
                },
                &if person.is_empty() {
                    meeting_id.clone()
                } else {
                    party.clone()
                },
                Edge::new(EdgeKind::SpokeWithoutItem),
            );
        }
        for item in &what.items {
            let name = scope.name(&labels, item);
            diagram.add_node(
                Node::resource(item, NodeClass::AgendaItem, name.clone())
                    .tooltip(name)
                    .in_cluster(cluster.clone())
                    .ordered(format!("{start} 0 {item}"))
                    .priority(2),
            );
            diagram.add_edge(&meeting_id, &node_id(item), Edge::new(EdgeKind::AgendaItem));
            diagram.add_edge(&party, &node_id(item), Edge::new(EdgeKind::Spoke));
        }
    }
    Ok(diagram)
}
