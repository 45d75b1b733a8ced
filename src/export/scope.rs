//! What every view reads from the store: SPARQL rows, labels in the chosen language, and the
//! filters (`--theme`, `--from`, `--to`) checked and resolved against the graph once.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use super::diagram::{Diagram, NodeClass};
use super::labels::{self, Lang, Texts};
use super::{ExportError, Options, View};
use crate::store::{GraphStore, StoreError};
use crate::vocab::ID;

/// One solution of a SELECT.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row(BTreeMap<String, Term>);

impl Row {
    /// The IRI bound to a variable.
    pub(crate) fn iri(&self, var: &str) -> Option<&str> {
        match self.0.get(var) {
            Some(Term::NamedNode(n)) => Some(n.as_str()),
            _ => None,
        }
    }

    /// The lexical value of the literal bound to a variable.
    pub(crate) fn text(&self, var: &str) -> Option<&str> {
        match self.0.get(var) {
            Some(Term::Literal(l)) => Some(l.value()),
            _ => None,
        }
    }

    /// The number bound to a variable.
    pub(crate) fn number(&self, var: &str) -> Option<u32> {
        self.text(var).and_then(|t| t.trim().parse().ok())
    }

    /// The term bound to a variable.
    pub(crate) fn term(&self, var: &str) -> Option<&Term> {
        self.0.get(var)
    }
}

/// The evidence tying a theme to the graph: what `--theme` keeps.
#[derive(Debug, Clone, Default)]
pub(crate) struct ThemeEvidence {
    /// The theme's IRI.
    pub(crate) iri: String,
    /// Its key, as given.
    pub(crate) key: String,
    /// Its label in the chosen language.
    pub(crate) name: String,
    /// Meetings with an agenda item, a background paper or a paragraph on the theme.
    pub(crate) meetings: BTreeSet<String>,
    /// Documents about the theme or with a paragraph mentioning it.
    pub(crate) documents: BTreeSet<String>,
    /// Agenda items about the theme.
    pub(crate) items: BTreeSet<String>,
    /// Paragraphs mentioning the theme.
    pub(crate) paragraphs: BTreeSet<String>,
}

/// A view's access to the store, with its filters resolved.
pub(crate) struct Scope<'a> {
    pub(crate) store: &'a GraphStore,
    pub(crate) lang: Lang,
    pub(crate) theme: Option<ThemeEvidence>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

impl<'a> Scope<'a> {
    /// Checks the options against the view and the graph.
    pub(crate) fn new(
        store: &'a GraphStore,
        view: &View,
        options: &Options,
    ) -> Result<Self, ExportError> {
        let name = view.name();
        let dated = !matches!(view, View::Meeting { .. } | View::Construct { .. });
        if !dated {
            if options.from.is_some() {
                return Err(ExportError::NotApplicable {
                    option: "from",
                    view: name,
                });
            }
            if options.to.is_some() {
                return Err(ExportError::NotApplicable {
                    option: "to",
                    view: name,
                });
            }
        }
        if options.theme.is_some() && matches!(view, View::Construct { .. }) {
            return Err(ExportError::NotApplicable {
                option: "theme",
                view: name,
            });
        }
        let from = options
            .from
            .as_deref()
            .map(|d| check_date("from", d))
            .transpose()?;
        let to = options
            .to
            .as_deref()
            .map(|d| check_date("to", d))
            .transpose()?;
        if let (Some(from), Some(to)) = (&from, &to)
            && from > to
        {
            return Err(ExportError::EmptyRange {
                from: from.clone(),
                to: to.clone(),
            });
        }
        let mut scope = Scope {
            store,
            lang: options.lang,
            theme: None,
            from,
            to,
        };
        if let Some(key) = &options.theme {
            scope.theme = Some(scope.theme_evidence(key)?);
        }
        Ok(scope)
    }

    /// Runs a SELECT.
    pub(crate) fn select(&self, query: &str) -> Result<Vec<Row>, ExportError> {
        let text = format!("{}{query}", crate::vocab::sparql_prologue());
        match self.store.evaluate(&text)? {
            QueryResults::Solutions(solutions) => {
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(|e| StoreError::Evaluation(e.to_string()))?;
                    rows.push(Row(solution
                        .iter()
                        .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                        .collect()));
                }
                Ok(rows)
            }
            _ => Err(StoreError::Evaluation("expected a SELECT query".to_owned()).into()),
        }
    }

    /// The labels (skos:prefLabel before rdfs:label) of some resources.
    pub(crate) fn labels<'i>(
        &self,
        iris: impl IntoIterator<Item = &'i str>,
    ) -> Result<BTreeMap<String, Texts>, ExportError> {
        let iris: BTreeSet<&str> = iris.into_iter().collect();
        let mut preferred: BTreeMap<String, Texts> = BTreeMap::new();
        let mut plain: BTreeMap<String, Texts> = BTreeMap::new();
        let iris: Vec<&str> = iris.into_iter().collect();
        for chunk in iris.chunks(200) {
            let values: String = chunk.iter().map(|i| format!("<{i}> ")).collect();
            let rows = self.select(&format!(
                "SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {values}}}
                   VALUES ?p {{ skos:prefLabel rdfs:label }} ?s ?p ?l FILTER (isLiteral(?l)) }}"
            ))?;
            for row in rows {
                let (Some(s), Some(Term::Literal(l))) = (row.iri("s"), row.term("l")) else {
                    continue;
                };
                let target = if row.iri("p").is_some_and(|p| p.ends_with("#prefLabel")) {
                    &mut preferred
                } else {
                    &mut plain
                };
                target.entry(s.to_owned()).or_default().add(l);
            }
        }
        for (iri, texts) in preferred {
            plain.insert(iri, texts);
        }
        Ok(plain)
    }

    /// A resource's label in the chosen language, or its IRI's last segment.
    pub(crate) fn name(&self, labels: &BTreeMap<String, Texts>, iri: &str) -> String {
        labels
            .get(iri)
            .and_then(|t| t.pick(self.lang))
            .map_or_else(|| local_name(iri).to_owned(), str::to_owned)
    }

    /// Whether a meeting date is within `--from`/`--to`.
    pub(crate) fn in_range(&self, date: &str) -> bool {
        self.from.as_deref().is_none_or(|f| date >= f)
            && self.to.as_deref().is_none_or(|t| date <= t)
    }

    /// Whether a date range was asked for.
    pub(crate) fn has_range(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// The filters, for the "nothing to draw" message.
    pub(crate) fn describe_filters(&self) -> String {
        let mut parts = Vec::new();
        if let Some(theme) = &self.theme {
            parts.push(format!("--theme {}", theme.key));
        }
        if let Some(from) = &self.from {
            parts.push(format!("--from {from}"));
        }
        if let Some(to) = &self.to {
            parts.push(format!("--to {to}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("with {}", parts.join(", "))
        }
    }

    /// The filters as a subtitle line, in the chosen language.
    pub(crate) fn filter_line(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(theme) = &self.theme {
            parts.push(format!(
                "{}{}",
                self.lang.pick("theme: ", "主题："),
                theme.name
            ));
        }
        if let Some(from) = &self.from {
            parts.push(format!(
                "{}{}",
                self.lang.pick("from ", "自"),
                labels::date(from, self.lang)
            ));
        }
        if let Some(to) = &self.to {
            parts.push(format!(
                "{}{}",
                self.lang.pick("to ", "至"),
                labels::date(to, self.lang)
            ));
        }
        (!parts.is_empty()).then(|| parts.join(self.lang.pick(" · ", "，")))
    }

    /// Names the classes of the diagram's nodes for the legend, from the ontology's labels.
    pub(crate) fn name_classes(&self, diagram: &mut Diagram) -> Result<(), ExportError> {
        let classes: BTreeSet<NodeClass> = diagram.nodes().iter().map(|n| n.class).collect();
        let iris: Vec<(NodeClass, String)> = classes
            .into_iter()
            .filter_map(|c| c.class_iri().map(|iri| (c, iri)))
            .collect();
        let labels = self.labels(iris.iter().map(|(_, iri)| iri.as_str()))?;
        for (class, iri) in iris {
            if let Some(name) = labels.get(&iri).and_then(|t| t.pick(self.lang)) {
                diagram.name_class(class, name);
            }
        }
        Ok(())
    }

    fn theme_evidence(&self, key: &str) -> Result<ThemeEvidence, ExportError> {
        let iri = format!("{ID}theme/{key}");
        let exists = plain_key(key)
            && !self
                .select(&format!(
                    "SELECT ?t WHERE {{ <{iri}> a skos:Concept BIND (1 AS ?t) }}"
                ))?
                .is_empty();
        if !exists {
            let known = self
                .select("SELECT DISTINCT ?t WHERE { ?t skos:topConceptOf ?scheme } ORDER BY ?t")?
                .iter()
                .filter_map(|r| r.iri("t"))
                .map(|t| local_name(t).to_owned())
                .collect();
            return Err(ExportError::UnknownTheme {
                theme: key.to_owned(),
                known,
            });
        }
        let set = |query: String| -> Result<BTreeSet<String>, ExportError> {
            Ok(self
                .select(&query)?
                .iter()
                .filter_map(|r| r.iri("x"))
                .map(str::to_owned)
                .collect())
        };
        let mentions =
            format!("?paragraph ck:mentions ?tag . ?tag a skos:Concept ; skos:broader* <{iri}> .");
        let items = set(format!(
            "SELECT DISTINCT ?x WHERE {{ ?x a ck:AgendaItem ; dcterms:subject/skos:broader* <{iri}> }}"
        ))?;
        let paragraphs = set(format!(
            "SELECT DISTINCT ?x WHERE {{ {} }}",
            mentions.replace("?paragraph", "?x")
        ))?;
        let documents = set(format!(
            "SELECT DISTINCT ?x WHERE {{ ?x a ck:Document .
               {{ ?x dcterms:subject/skos:broader* <{iri}> }}
               UNION {{ ?version dcterms:isPartOf ?x . ?paragraph dcterms:isPartOf ?version . {mentions} }} }}"
        ))?;
        let meetings = set(format!(
            "SELECT DISTINCT ?x WHERE {{ ?x a ck:Meeting .
               {{ ?x ck:agendaItem/dcterms:subject/skos:broader* <{iri}> }}
               UNION {{ ?paper ck:preparedFor ?x ; ck:documentType \"background-paper\" ;
                               dcterms:subject/skos:broader* <{iri}> }}
               UNION {{ ?document ck:reportOf|ck:preparedFor ?x . ?version dcterms:isPartOf ?document .
                        ?paragraph dcterms:isPartOf ?version . {mentions} }} }}"
        ))?;
        let labels = self.labels([iri.as_str()])?;
        Ok(ThemeEvidence {
            name: self.name(&labels, &iri),
            iri,
            key: key.to_owned(),
            meetings,
            documents,
            items,
            paragraphs,
        })
    }
}

/// Whether a user's key (meeting, country, theme) can go into an IRI inside a query as is:
/// letters, digits and `-._/~` only. Anything else cannot name a resource of the graph.
pub(crate) fn plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || "-._/~".contains(c))
}

/// The last segment of an IRI (after `/` or `#`).
pub(crate) fn local_name(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

fn check_date(option: &'static str, value: &str) -> Result<String, ExportError> {
    let invalid = || ExportError::InvalidDate {
        option,
        value: value.to_owned(),
    };
    let parts: Vec<&str> = value.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(invalid());
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(invalid());
    }
    let (m, d): (u32, u32) = (
        m.parse().map_err(|_| invalid())?,
        d.parse().map_err(|_| invalid())?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(invalid());
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_iso() {
        assert!(check_date("from", "2020-09-08").is_ok());
        for bad in [
            "2020-9-8",
            "2020-13-01",
            "20200908",
            "2020-09-32",
            "yesterday",
        ] {
            let err = check_date("from", bad).expect_err(bad);
            assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        }
    }

    #[test]
    fn local_names_are_the_last_segment() {
        assert_eq!(
            local_name("https://w3id.org/ctockg/id/theme/technology"),
            "technology"
        );
        assert_eq!(
            local_name("https://w3id.org/ctockg/ontology#Meeting"),
            "Meeting"
        );
    }
}
