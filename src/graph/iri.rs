//! IRI minting, by the patterns of the published vocabulary.

use super::*;

fn id(path: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ID}{path}"))
}

/// `id:body/{key}`
pub fn body(key: &str) -> NamedNode {
    id(&format!("body/{key}"))
}
/// `id:meeting/{body}/{start}`
pub fn meeting(key: &MeetingKey) -> NamedNode {
    id(&format!("meeting/{key}"))
}
/// `{meeting}/item/{n}`
pub fn agenda_item(key: &MeetingKey, number: u32) -> NamedNode {
    id(&format!("meeting/{key}/item/{number}"))
}
/// `id:doc/{symbol}` or `id:doc/local/{slug}`
pub fn document(doc: &DocId) -> NamedNode {
    id(&format!("doc/{doc}"))
}
/// `{document}/{lang}`
pub fn version(doc: &DocId, lang: &str) -> NamedNode {
    id(&format!("doc/{doc}/{lang}"))
}
/// `{version}/para_{n}` or `{version}/fn_{n}`
pub fn paragraph(version: &NamedNode, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}/{local}", version.as_str()))
}
/// `id:country/{ISO3}`
pub fn country(iso3: &str) -> NamedNode {
    id(&format!("country/{iso3}"))
}
/// `id:org/{KEY}`
pub fn organisation(key: &str) -> NamedNode {
    id(&format!("org/{key}"))
}
/// `id:person/{slug}`
pub fn person(slug: &str) -> NamedNode {
    id(&format!("person/{slug}"))
}
/// `id:place/{slug}`
pub fn place(slug: &str) -> NamedNode {
    id(&format!("place/{slug}"))
}
/// `id:instrument/{KEY}`
pub fn instrument(key: &str) -> NamedNode {
    id(&format!("instrument/{key}"))
}
/// `id:instrument/{KEY}/art_n/para_m/point_x`
pub fn provision(key: &str, path: &[String]) -> NamedNode {
    id(&format!("instrument/{key}/{}", path.join("/")))
}
/// `id:resolution/{body}/{session}-{number}` or `id:decision/…`
pub fn act(act: &Act) -> NamedNode {
    let kind = match act.kind {
        ActKind::Resolution => "resolution",
        ActKind::Decision => "decision",
    };
    id(&format!(
        "{kind}/{}/{}-{}",
        act.body, act.session, act.number
    ))
}
/// `id:theme/{slug}`
pub fn theme(key: &str) -> NamedNode {
    id(&format!("theme/{key}"))
}
/// `{meeting}/theme/{slug}`: a theme at a meeting, in the summary graph
pub fn theme_appearance(meeting: &str, theme_key: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{meeting}/theme/{theme_key}"))
}
/// `id:theme/{first}/with/{second}`: two themes mentioned together, in the summary graph
pub fn theme_cooccurrence(first_key: &str, second_key: &str) -> NamedNode {
    id(&format!("theme/{first_key}/with/{second_key}"))
}
/// `id:role/{slug}`
pub fn role(slug: &str) -> NamedNode {
    id(&format!("role/{slug}"))
}
/// The named graph of the gazetteer tables.
pub fn gazetteer_graph() -> NamedNode {
    id("graph/gazetteer")
}
/// The named graph of what documents describe in common: meetings, agenda items, acts,
/// persons, participations and statements, as far as their IRIs determine them.
pub fn entities_graph() -> NamedNode {
    id("graph/entities")
}
/// The named graph of what the build counts over every document (theme appearances and
/// co-occurrences), so that whole-record questions need not count at query time.
pub fn summary_graph() -> NamedNode {
    id("graph/summary")
}
/// The IRI the build's seal is recorded on (the metadata's own content hash). The metadata
/// is kept in the store's default graph ([`crate::store::METADATA`]); stores of earlier
/// versions kept it in a named graph of this name.
pub fn meta_graph() -> NamedNode {
    id("graph/meta")
}
/// The named graph of the ontology and theme scheme.
pub fn ontology_graph() -> NamedNode {
    NamedNode::new_unchecked(crate::vocab::ONTOLOGY)
}
/// A country or organisation.
pub fn named(gazetteer: &Gazetteer, named: Named) -> NamedNode {
    match named {
        Named::Country(i) => country(&gazetteer.countries[i].iso3),
        Named::Organisation(i) => organisation(&gazetteer.organisations[i].key),
    }
}

/// The EU Publications Office's entry for a country in its country authority table,
/// `http://publications.europa.eu/resource/authority/country/{code}`; `None` unless `iso3`
/// is three capital letters.
///
/// The table keys its entries by the ISO 3166-1 alpha-3 code where ISO gives one (it
/// writes its own codes only for entities ISO has none for, such as Kosovo's `1A0`). Every
/// code the gazetteer holds stands in the table under the same code, in use: see
/// `data/gazetteer/SOURCE.md`.
pub fn eu_country(iso3: &str) -> Option<NamedNode> {
    (iso3.len() == 3 && iso3.bytes().all(|b| b.is_ascii_uppercase())).then(|| {
        NamedNode::new_unchecked(format!(
            "http://publications.europa.eu/resource/authority/country/{iso3}"
        ))
    })
}

/// The page of the UN Official Document System for one language version of a document,
/// `https://undocs.org/{lang}/{symbol}` with the symbol's slashes kept
/// (`https://undocs.org/zh/CTOC/COP/WG.4/2009/2`); `None` unless `lang` is one of the six
/// UN languages and `symbol` is a UN symbol in its canonical spelling.
///
/// The pattern as the Vanderbilt University Library's guide to UN document symbols gives it
/// (<https://researchguides.library.vanderbilt.edu/UNDocs/symbols>: `https://undocs.org/`
/// followed by the symbol), with the language segment as code linking UN documents writes
/// it: `https://undocs.org/en/A/64/PV.121`, `https://www.undocs.org/zh/` + the symbol, and
/// `ar`, `es`, `fr`, `ru` likewise.
pub fn undocs(lang: &str, symbol: &str) -> Option<NamedNode> {
    let canonical = crate::symbol::Symbol::parse(symbol)?.to_string();
    (canonical == symbol && crate::corpus::metadata::LANGUAGES.contains(&lang))
        .then(|| NamedNode::new_unchecked(format!("https://undocs.org/{lang}/{symbol}")))
}
