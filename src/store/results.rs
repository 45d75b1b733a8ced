//! Query answers written for `ctockg query`: a text table for people, or a standard results or
//! RDF format for programs.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::model::vocab::xsd;
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};

use super::StoreError;
use crate::resident::Table;

/// Output formats of `ctockg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned text table (SELECT), Turtle (CONSTRUCT).
    Table,
    /// SPARQL CSV.
    Csv,
    /// SPARQL TSV.
    Tsv,
    /// SPARQL JSON.
    Json,
    /// SPARQL XML.
    Xml,
    /// Turtle.
    Turtle,
    /// N-Triples.
    Ntriples,
    /// N-Quads.
    Nquads,
    /// JSON-LD.
    Jsonld,
}

/// Writes a [`Table`] in a results format (table, CSV, TSV, JSON or XML).
pub fn write_table(
    table: &Table,
    format: OutputFormat,
    out: &mut impl Write,
) -> Result<(), StoreError> {
    let results_format = match format {
        OutputFormat::Table => {
            let variables: Vec<String> = table
                .variables()
                .iter()
                .map(|v| v.as_str().to_owned())
                .collect();
            let rows: Vec<Vec<String>> = (0..table.len())
                .map(|row| {
                    (0..variables.len())
                        .map(|column| {
                            table
                                .get(row, column)
                                .map(|term| display_term(&term.into_owned()))
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .collect();
            return write_text_table(&variables, &rows, out);
        }
        // written from the index's terms directly (`Table::write_tsv`)
        OutputFormat::Tsv => return Ok(table.write_tsv(out)?),
        other => results_format(other, "SELECT")?,
    };
    let mut serializer = QueryResultsSerializer::from_format(results_format)
        .serialize_solutions_to_writer(out, table.variables().to_vec())?;
    for row in 0..table.len() {
        serializer.serialize(table.row(row))?;
    }
    serializer.finish()?;
    Ok(())
}

/// The results format of an output format; a graph format is an error for a `form` of query
/// that answers with solutions.
fn results_format(
    format: OutputFormat,
    form: &'static str,
) -> Result<QueryResultsFormat, StoreError> {
    Ok(match format {
        OutputFormat::Csv => QueryResultsFormat::Csv,
        OutputFormat::Tsv => QueryResultsFormat::Tsv,
        OutputFormat::Json => QueryResultsFormat::Json,
        OutputFormat::Xml => QueryResultsFormat::Xml,
        other => {
            return Err(StoreError::FormatMismatch {
                format: format!("{other:?}").to_lowercase(),
                form,
                suggestion: "table, csv, tsv, json or xml",
            });
        }
    })
}

/// Writes query results in the asked format.
pub fn write_results(
    results: QueryResults<'_>,
    format: OutputFormat,
    out: &mut impl Write,
) -> Result<(), StoreError> {
    match results {
        QueryResults::Solutions(solutions) => {
            let results_format = match format {
                OutputFormat::Table => return write_solutions_table(solutions, out),
                other => results_format(other, "SELECT")?,
            };
            let mut serializer = QueryResultsSerializer::from_format(results_format)
                .serialize_solutions_to_writer(out, solutions.variables().to_vec())?;
            for solution in solutions {
                let solution = solution.map_err(|e| StoreError::Evaluation(e.to_string()))?;
                serializer.serialize(&solution)?;
            }
            serializer.finish()?;
        }
        QueryResults::Boolean(value) => {
            let results_format = match format {
                OutputFormat::Table => {
                    writeln!(out, "{value}")?;
                    return Ok(());
                }
                other => results_format(other, "ASK")?,
            };
            QueryResultsSerializer::from_format(results_format)
                .serialize_boolean_to_writer(out, value)?;
        }
        QueryResults::Graph(triples) => {
            let rdf_format = match format {
                OutputFormat::Table | OutputFormat::Turtle => RdfFormat::Turtle,
                OutputFormat::Ntriples | OutputFormat::Nquads => RdfFormat::NTriples,
                OutputFormat::Jsonld => RdfFormat::JsonLd {
                    profile: oxigraph::io::JsonLdProfileSet::empty(),
                },
                other => {
                    return Err(StoreError::FormatMismatch {
                        format: format!("{other:?}").to_lowercase(),
                        form: "CONSTRUCT/DESCRIBE",
                        suggestion: "turtle, ntriples, nquads or jsonld",
                    });
                }
            };
            let mut triples: Vec<_> = triples
                .collect::<Result<_, _>>()
                .map_err(|e| StoreError::Evaluation(e.to_string()))?;
            triples.sort_by_cached_key(ToString::to_string);
            let mut serializer = RdfSerializer::from_format(rdf_format);
            for prefix in ["ck", "id", "dcterms", "rdfs"] {
                serializer = serializer
                    .with_prefix(prefix, crate::vocab::namespace(prefix))
                    .map_err(|e| StoreError::Evaluation(e.to_string()))?;
            }
            let mut serializer = serializer.for_writer(out);
            for triple in &triples {
                serializer.serialize_triple(triple)?;
            }
            serializer.finish()?;
        }
    }
    Ok(())
}

/// A plain text table of solutions.
fn write_solutions_table(
    solutions: oxigraph::sparql::QuerySolutionIter<'_>,
    out: &mut impl Write,
) -> Result<(), StoreError> {
    let variables: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| StoreError::Evaluation(e.to_string()))?;
        rows.push(
            variables
                .iter()
                .map(|v| {
                    solution
                        .get(v.as_str())
                        .map(display_term)
                        .unwrap_or_default()
                })
                .collect(),
        );
    }
    write_text_table(&variables, &rows, out)
}

/// A plain text table, column widths by display width (CJK counts double).
fn write_text_table(
    variables: &[String],
    rows: &[Vec<String>],
    out: &mut impl Write,
) -> Result<(), StoreError> {
    let width = |s: &str| -> usize { s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum() };
    let widths: Vec<usize> = (0..variables.len())
        .map(|i| {
            rows.iter()
                .map(|r| width(&r[i]))
                .chain([width(&variables[i])])
                .max()
                .unwrap_or(0)
                .min(80)
        })
        .collect();
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let cell: String = truncate_display(cell, widths[i]);
            text.push_str(&cell);
            if i + 1 < cells.len() {
                text.push_str(&" ".repeat(widths[i].saturating_sub(width(&cell)) + 2));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(variables, out)?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  ")
    )?;
    for row in rows {
        line(row, out)?;
    }
    writeln!(out, "({} rows)", rows.len())?;
    Ok(())
}

fn truncate_display(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = if c.is_ascii() { 1 } else { 2 };
        if used + w > max {
            out.push('…');
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// IRIs shortened with the project's prefixes, literals by their value.
fn display_term(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            let s = n.as_str();
            if let Some(rest) = s.strip_prefix(crate::vocab::ID) {
                format!("id:{rest}")
            } else if let Some(rest) = s.strip_prefix(crate::vocab::CK) {
                format!("ck:{rest}")
            } else {
                format!("<{s}>")
            }
        }
        Term::Literal(l) if l.datatype() == xsd::STRING => l.value().replace('\n', " "),
        Term::Literal(l) if l.language().is_some() => l.value().replace('\n', " "),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}
