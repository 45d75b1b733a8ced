//! The `mandates` view: the body that adopted each resolution or decision → the resolution or
//! decision → the body it established → that body's meetings (in date order) → their documents.
//! Left to right; each body's meetings in a box, first meeting on top.

use std::collections::BTreeMap;

use super::ExportError;
use super::diagram::{Cluster, Diagram, Edge, EdgeKind, Node, NodeClass, RankDir, node_id};
use super::labels::{self, Lang};
use super::scope::Scope;

const QUERY: &str = "
SELECT DISTINCT ?mandate ?mandateClass ?adopter ?body ?meeting ?start ?ordinal ?relation
                ?document ?symbol ?documentType
WHERE {
  ?body ck:establishedBy ?mandate .
  ?mandate a ?mandateClass .
  FILTER (?mandateClass IN (ck:Resolution, ck:Decision))
  OPTIONAL { ?mandate ck:adoptedBy ?adopter }
  OPTIONAL {
    ?meeting ck:body ?body ; ck:startDate ?start .
    OPTIONAL { ?meeting ck:ordinal ?ordinal }
    OPTIONAL {
      VALUES ?relation { ck:reportOf ck:preparedFor }
      ?document ?relation ?meeting .
      OPTIONAL { ?document ck:documentType ?documentType }
      OPTIONAL { ?document dcterms:identifier ?symbol }
    }
  }
}
ORDER BY ?mandate ?body ?start ?meeting ?relation ?document";

/// A meeting's label lines: its date, then its ordinal when known.
pub(crate) fn meeting_node(iri: &str, start: &str, ordinal: Option<u32>, lang: Lang) -> Node {
    let mut node = Node::resource(iri, NodeClass::Meeting, labels::date(start, lang))
        .ordered(start.to_owned());
    if let Some(n) = ordinal {
        node = node.line(labels::ordinal_meeting(n, lang));
    }
    node
}

/// A document's label lines: its symbol (else its title), then its type; the title on hover.
pub(crate) fn document_node(
    iri: &str,
    symbol: Option<&str>,
    title: String,
    kind: Option<&str>,
    lang: Lang,
) -> Node {
    let name = symbol.map_or_else(|| title.clone(), str::to_owned);
    let tooltip = if symbol.is_some_and(|s| s != title) {
        format!("{name}\n{title}")
    } else {
        title
    };
    let mut node = Node::resource(iri, NodeClass::Document, name.clone()).tooltip(tooltip);
    if let Some(kind) = kind
        .map(|k| labels::document_type(k, lang))
        .filter(|k| *k != name)
    {
        node = node.line(kind);
    }
    node
}

pub(super) fn build(scope: &Scope<'_>) -> Result<Diagram, ExportError> {
    let lang = scope.lang;
    let rows = scope.select(QUERY)?;
    let labels = scope.labels(rows.iter().flat_map(|r| {
        ["mandate", "adopter", "body", "document"]
            .into_iter()
            .filter_map(|v| r.iri(v))
    }))?;
    let mut diagram = Diagram::new(
        "mandates",
        lang.pick(
            "Mandates: resolutions and decisions → bodies → meetings → documents",
            "授权：决议和决定 → 机构 → 会议 → 文件",
        ),
        lang,
        RankDir::LeftRight,
    );
    if let Some(line) = scope.filter_line() {
        diagram.subtitle(line);
    }

    // first meeting of each body, to order the bodies' boxes by date
    let mut first_meeting: BTreeMap<&str, &str> = BTreeMap::new();
    for row in &rows {
        if let (Some(body), Some(start)) = (row.iri("body"), row.text("start")) {
            let first = first_meeting.entry(body).or_insert(start);
            if start < *first {
                *first = start;
            }
        }
    }

    for row in &rows {
        let (Some(mandate), Some(body)) = (row.iri("mandate"), row.iri("body")) else {
            continue;
        };
        let since = first_meeting.get(body).copied().unwrap_or("9999");
        let class = if row
            .iri("mandateClass")
            .is_some_and(|c| c.ends_with("#Decision"))
        {
            NodeClass::Decision
        } else {
            NodeClass::Resolution
        };
        diagram.add_node(
            Node::resource(mandate, class, scope.name(&labels, mandate))
                .ordered(since.to_owned())
                .root(),
        );
        if let Some(adopter) = row.iri("adopter") {
            diagram.add_node(
                Node::resource(adopter, NodeClass::Body, scope.name(&labels, adopter)).priority(1),
            );
            diagram.add_edge(
                &node_id(adopter),
                &node_id(mandate),
                Edge::new(EdgeKind::Adopted).labelled(EdgeKind::Adopted.name(lang)),
            );
        }
        // the body, its meetings and their documents in one box
        let cluster = format!("body:{body}");
        let mut box_ = Cluster::new(cluster.clone(), "", since.to_owned());
        box_.iri = Some(body.to_owned());
        diagram.add_cluster(box_);
        diagram.add_node(
            Node::resource(body, NodeClass::Body, scope.name(&labels, body))
                .in_cluster(cluster.clone())
                .ordered(since.to_owned())
                .priority(1),
        );
        diagram.add_edge(
            &node_id(mandate),
            &node_id(body),
            Edge::new(EdgeKind::Established).labelled(EdgeKind::Established.name(lang)),
        );
        let (Some(meeting), Some(start)) = (row.iri("meeting"), row.text("start")) else {
            continue;
        };
        diagram.add_node(
            meeting_node(meeting, start, row.number("ordinal"), lang)
                .in_cluster(cluster.clone())
                .priority(2),
        );
        diagram.add_edge(&node_id(body), &node_id(meeting), Edge::new(EdgeKind::Held));
        let (Some(document), Some(relation)) = (row.iri("document"), row.iri("relation")) else {
            continue;
        };
        let report = relation.ends_with("#reportOf");
        diagram.add_node(
            document_node(
                document,
                row.text("symbol"),
                scope.name(&labels, document),
                row.text("documentType"),
                lang,
            )
            .in_cluster(cluster)
            // reports first, then the others by symbol
            .ordered(format!("{start} {} {document}", u8::from(!report)))
            .priority(3),
        );
        let kind = if report {
            EdgeKind::ReportOf
        } else {
            EdgeKind::PreparedFor
        };
        diagram.add_edge(&node_id(meeting), &node_id(document), Edge::new(kind));
    }

    // one rank per level, each in date order (top to bottom)
    for classes in [
        &[NodeClass::Resolution, NodeClass::Decision][..],
        &[NodeClass::Meeting],
        &[NodeClass::Document],
    ] {
        let ids: Vec<String> = diagram
            .nodes()
            .iter()
            .filter(|n| classes.contains(&n.class))
            .map(|n| n.id.clone())
            .collect();
        diagram.same_rank(ids);
    }
    let established: Vec<String> = diagram
        .nodes()
        .iter()
        .filter(|n| n.class == NodeClass::Body && n.cluster.is_some())
        .map(|n| n.id.clone())
        .collect();
    diagram.same_rank(established);

    let theme = scope.theme.as_ref();
    diagram.retain(|node| match node.class {
        NodeClass::Meeting => {
            node.iri
                .as_deref()
                .is_some_and(|m| theme.is_none_or(|t| t.meetings.contains(m)))
                && scope.in_range(&node.order)
        }
        NodeClass::Document => {
            theme.is_none_or(|t| node.iri.as_deref().is_some_and(|d| t.documents.contains(d)))
        }
        _ => true,
    });
    Ok(diagram)
}
