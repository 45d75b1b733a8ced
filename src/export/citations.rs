//! The `citations` view: documents (in the order of their meetings) → the treaty provisions their
//! paragraphs cite, boxed by instrument and, where several of its provisions are cited, by
//! article. Edge width: how many paragraphs cite the provision.

use std::collections::{BTreeMap, BTreeSet};

use super::ExportError;
use super::diagram::{Cluster, Diagram, Edge, EdgeKind, Node, NodeClass, RankDir, node_id};
use super::labels::{self, Lang};
use super::mandates::document_node;
use super::scope::Scope;

const QUERY: &str = "
SELECT DISTINCT ?document ?symbol ?documentType ?paragraph ?provision ?instrument ?key ?start WHERE {
  ?paragraph ck:cites ?provision ; dcterms:isPartOf ?version .
  ?version dcterms:isPartOf ?document .
  ?document a ck:Document .
  ?provision a ck:Provision ; ck:instrument ?instrument .
  OPTIONAL { ?instrument ck:key ?key }
  OPTIONAL { ?document ck:documentType ?documentType }
  OPTIONAL { ?document dcterms:identifier ?symbol }
  OPTIONAL { ?document ck:reportOf|ck:preparedFor ?meeting . ?meeting ck:startDate ?start }
}
ORDER BY ?document ?provision ?paragraph ?start";

/// `…/instrument/UNTOC/art_27/para_1/point_e` → (`…/instrument/UNTOC/art_27`, article 27,
/// `art_27/para_1/point_e`).
fn article_of(provision: &str) -> Option<(&str, u32, &str)> {
    let at = provision.find("/art_")?;
    let path = &provision[at + 1..];
    let number = path["art_".len()..].split('/').next()?;
    let end = at + 1 + "art_".len() + number.len();
    Some((&provision[..end], number.parse().ok()?, path))
}

pub(super) fn build(scope: &Scope<'_>) -> Result<Diagram, ExportError> {
    let lang = scope.lang;
    let theme = scope.theme.as_ref();
    let rows: Vec<_> = scope
        .select(QUERY)?
        .into_iter()
        .filter(|r| {
            theme.is_none_or(|t| r.iri("paragraph").is_some_and(|p| t.paragraphs.contains(p)))
        })
        .collect();

    // the earliest meeting date of each document
    let mut dates: BTreeMap<&str, &str> = BTreeMap::new();
    for row in &rows {
        if let (Some(d), Some(start)) = (row.iri("document"), row.text("start")) {
            let date = dates.entry(d).or_insert(start);
            if start < *date {
                *date = start;
            }
        }
    }
    // paragraphs per (document, provision)
    let mut citing: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    let mut provisions: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    let mut documents: BTreeMap<&str, (Option<&str>, Option<&str>)> = BTreeMap::new();
    for row in &rows {
        let (Some(d), Some(p), Some(para), Some(i)) = (
            row.iri("document"),
            row.iri("provision"),
            row.iri("paragraph"),
            row.iri("instrument"),
        ) else {
            continue;
        };
        if scope.has_range() && !dates.get(d).is_some_and(|s| scope.in_range(s)) {
            continue;
        }
        citing.entry((d, p)).or_default().insert(para);
        provisions.insert(p, (i, row.text("key").unwrap_or("")));
        documents.insert(d, (row.text("symbol"), row.text("documentType")));
    }

    let labels = scope.labels(
        documents
            .keys()
            .copied()
            .chain(provisions.keys().copied())
            .chain(provisions.values().map(|(i, _)| *i)),
    )?;
    let mut diagram = Diagram::new(
        "citations",
        lang.pick(
            "Treaty provisions cited by the documents",
            "文件引用的条约条款",
        ),
        lang,
        RankDir::LeftRight,
    );
    if let Some(line) = scope.filter_line() {
        diagram.subtitle(line);
    }

    for (document, (symbol, kind)) in &documents {
        let date = dates.get(document).copied();
        let mut node = document_node(
            document,
            *symbol,
            scope.name(&labels, document),
            *kind,
            lang,
        )
        .ordered(format!("{} {document}", date.unwrap_or("9999")))
        .root();
        if let Some(date) = date {
            node = node.line(format!(
                "{}{}",
                lang.pick("meeting of ", "会议日期："),
                labels::date(date, lang)
            ));
        }
        diagram.add_node(node);
    }

    // articles with more than one cited provision get a box of their own
    let mut per_article: BTreeMap<&str, usize> = BTreeMap::new();
    for provision in provisions.keys() {
        if let Some((article, _, _)) = article_of(provision) {
            *per_article.entry(article).or_default() += 1;
        }
    }
    for (provision, (instrument, key)) in &provisions {
        let instrument_box = format!("instrument:{instrument}");
        if !diagram.clusters().contains_key(&instrument_box) {
            let name = scope.name(&labels, instrument);
            let label = if key.is_empty() || name == *key {
                name
            } else {
                format!("{key}: {name}")
            };
            let mut c = Cluster::new(instrument_box.clone(), label, key.to_owned());
            c.iri = Some((*instrument).to_owned());
            diagram.add_cluster(c);
        }
        let (article, number, path) = article_of(provision).unwrap_or((provision, 0, ""));
        let mut cluster = instrument_box.clone();
        if per_article.get(article).copied().unwrap_or(0) > 1 {
            cluster = format!("article:{article}");
            if !diagram.clusters().contains_key(&cluster) {
                let label = match lang {
                    Lang::En => format!("{key} article {number}"),
                    Lang::Zh => format!("{key} 第{number}条"),
                };
                let mut c = Cluster::new(cluster.clone(), label, format!("{number:04}"));
                c.parent = Some(instrument_box.clone());
                diagram.add_cluster(c);
            }
        }
        let name = match lang {
            Lang::En => scope.name(&labels, provision),
            Lang::Zh => labels::provision_path(path, lang),
        };
        let full = format!("{key} {}", labels::provision_path(path, Lang::En));
        diagram.add_node(
            Node::resource(provision, NodeClass::Provision, name)
                .tooltip(full)
                .in_cluster(cluster)
                .ordered(format!("{key} {number:04} {path}"))
                .priority(1),
        );
    }

    // the instruments on both sides of the documents (the largest on the right), so that the
    // picture is not one tall column of provisions
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for (instrument, _) in provisions.values() {
        *sizes.entry(instrument).or_default() += 1;
    }
    let mut by_size: Vec<(&str, usize)> = sizes.into_iter().collect();
    by_size.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let (mut right, mut left) = (0, 0);
    let mut on_left: BTreeSet<&str> = BTreeSet::new();
    for (instrument, size) in by_size {
        if left < right {
            left += size;
            on_left.insert(instrument);
        } else {
            right += size;
        }
    }
    // provisions top to bottom by instrument, article and paragraph (Graphviz's second pass
    // over crossings would shuffle them within their boxes)
    diagram
        .graph_attributes
        .push(("remincross", "false".to_owned()));
    let provision_ids: Vec<String> = provisions.keys().map(|p| node_id(p)).collect();
    diagram.same_rank(provision_ids);
    let document_ids: Vec<String> = documents.keys().map(|d| node_id(d)).collect();
    diagram.same_rank(document_ids);

    for ((document, provision), paragraphs) in &citing {
        let n = u32::try_from(paragraphs.len()).unwrap_or(u32::MAX);
        let mut edge = Edge::new(EdgeKind::Cites).weighted(n);
        edge.backward = provisions
            .get(provision)
            .is_some_and(|(instrument, _)| on_left.contains(instrument));
        if n > 1 {
            edge = edge.labelled(n.to_string());
        }
        edge.tooltip = Some(match lang {
            Lang::En => format!("cited in {n} paragraph{}", if n == 1 { "" } else { "s" }),
            Lang::Zh => format!("{n}个段落引用"),
        });
        diagram.add_edge(&node_id(document), &node_id(provision), edge);
    }
    Ok(diagram)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provisions_belong_to_their_article() {
        let p = "https://w3id.org/ctockg/id/instrument/UNTOC/art_27/para_1/point_e";
        assert_eq!(
            article_of(p),
            Some((
                "https://w3id.org/ctockg/id/instrument/UNTOC/art_27",
                27,
                "art_27/para_1/point_e"
            ))
        );
        assert_eq!(
            article_of("https://w3id.org/ctockg/id/instrument/SOM/art_3").map(|a| a.1),
            Some(3)
        );
    }
}
