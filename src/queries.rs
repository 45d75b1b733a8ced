//! The shipped query library (`queries/*.rq`) and how a QUERY argument is found: a file path, a
//! query name, or `-` for standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a query could not be found.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryLookupError {
    /// Neither a file nor a shipped query.
    #[error("no query file {0} and no query named {0} in {1} (see `ctockg query --list`)")]
    NotFound(String, PathBuf),
    /// Reading failed.
    #[error("{0}: cannot read: {1}")]
    Io(PathBuf, std::io::Error),
}

/// A shipped query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    /// File stem.
    pub name: String,
    /// First comment line.
    pub title: String,
    /// The SPARQL text.
    pub text: String,
}

/// Reads the query an argument names.
pub fn load(argument: &str, library: &Path) -> Result<String, QueryLookupError> {
    if argument == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| QueryLookupError::Io(PathBuf::from("<stdin>"), e))?;
        return Ok(text);
    }
    let path = Path::new(argument);
    if path.is_file() {
        return std::fs::read_to_string(path).map_err(|e| QueryLookupError::Io(path.to_owned(), e));
    }
    let named = library.join(format!("{}.rq", argument.trim_end_matches(".rq")));
    if named.is_file() {
        return std::fs::read_to_string(&named).map_err(|e| QueryLookupError::Io(named, e));
    }
    Err(QueryLookupError::NotFound(
        argument.to_owned(),
        library.to_owned(),
    ))
}

/// The shipped queries, by name.
pub fn list(library: &Path) -> Result<Vec<NamedQuery>, QueryLookupError> {
    let entries =
        std::fs::read_dir(library).map_err(|e| QueryLookupError::Io(library.to_owned(), e))?;
    let mut queries = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rq") {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| QueryLookupError::Io(path.clone(), e))?;
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix('#'))
            .map(|l| l.trim().trim_start_matches("title:").trim().to_owned())
            .unwrap_or_default();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        queries.push(NamedQuery { name, title, text });
    }
    queries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(queries)
}

/// The `--param` values of a query's `# example:` header line.
pub fn example_params(query: &str) -> Vec<String> {
    query
        .lines()
        .find_map(|l| l.strip_prefix("# example:"))
        .map(|example| {
            let words: Vec<&str> = example.split_whitespace().collect();
            words
                .windows(2)
                .filter(|w| w[0] == "--param")
                .map(|w| w[1].to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A parameter a shipped query declares in its header:
/// `# param: theme iri https://w3id.org/ctockg/id/theme/{value} — the theme key`
/// (`# param?:` for an optional one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// The variable name, without `?`.
    pub name: String,
    /// How a value becomes an RDF term.
    pub kind: ParameterKind,
    /// Whether the query runs without it.
    pub optional: bool,
    /// What it means.
    pub description: String,
}

/// How a parameter's value becomes an RDF term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParameterKind {
    /// An IRI from a template with `{value}`.
    Iri(String),
    /// A plain string literal.
    Literal,
    /// An `xsd:integer`.
    Integer,
    /// An `xsd:date`.
    Date,
}

/// Why parameters could not be bound.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParameterError {
    /// `--param` not of the form `name=value`.
    #[error("--param {0}: expected name=value")]
    Syntax(String),
    /// The query declares no such parameter.
    #[error("unknown parameter {name}; this query takes: {known}")]
    Unknown {
        /// The name given.
        name: String,
        /// The names the query declares.
        known: String,
    },
    /// A required parameter was not given.
    #[error("missing parameter {name} ({description}); give it with --param {name}=VALUE")]
    Missing {
        /// The name.
        name: String,
        /// What it means.
        description: String,
    },
    /// The value does not make a term of the declared kind.
    #[error("parameter {name}: {value:?} is not a valid {kind}")]
    Invalid {
        /// The name.
        name: String,
        /// The value given.
        value: String,
        /// What was expected.
        kind: &'static str,
    },
    /// A header line is malformed.
    #[error("query header: cannot read parameter line {0:?}")]
    Header(String),
}

/// The parameters a query's header declares.
pub fn parameters(query: &str) -> Result<Vec<Parameter>, ParameterError> {
    let mut out = Vec::new();
    for line in query
        .lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
    {
        let (optional, rest) = if let Some(rest) = line.strip_prefix("# param?:") {
            (true, rest)
        } else if let Some(rest) = line.strip_prefix("# param:") {
            (false, rest)
        } else {
            continue;
        };
        let (spec, description) = rest.split_once('—').unwrap_or((rest, ""));
        let mut words = spec.split_whitespace();
        let (Some(name), Some(kind)) = (words.next(), words.next()) else {
            return Err(ParameterError::Header(line.to_owned()));
        };
        let kind = match kind {
            "iri" => ParameterKind::Iri(
                words
                    .next()
                    .filter(|t| t.contains("{value}"))
                    .ok_or_else(|| ParameterError::Header(line.to_owned()))?
                    .to_owned(),
            ),
            "literal" => ParameterKind::Literal,
            "integer" => ParameterKind::Integer,
            "date" => ParameterKind::Date,
            _ => return Err(ParameterError::Header(line.to_owned())),
        };
        out.push(Parameter {
            name: name.trim_start_matches('?').to_owned(),
            kind,
            optional,
            description: description.trim().to_owned(),
        });
    }
    Ok(out)
}

/// Turns `name=value` arguments into variable bindings of RDF terms.
pub fn bind(
    declared: &[Parameter],
    given: &[String],
) -> Result<Vec<(oxigraph::sparql::Variable, oxigraph::model::Term)>, ParameterError> {
    use oxigraph::model::vocab::xsd;
    use oxigraph::model::{Literal, NamedNode, Term};
    let mut bindings = Vec::new();
    let known = || {
        declared
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for argument in given {
        let (name, value) = argument
            .split_once('=')
            .ok_or_else(|| ParameterError::Syntax(argument.clone()))?;
        let parameter =
            declared
                .iter()
                .find(|p| p.name == name)
                .ok_or_else(|| ParameterError::Unknown {
                    name: name.to_owned(),
                    known: if declared.is_empty() {
                        "no parameters".to_owned()
                    } else {
                        known()
                    },
                })?;
        let invalid = |kind| ParameterError::Invalid {
            name: name.to_owned(),
            value: value.to_owned(),
            kind,
        };
        let term: Term = match &parameter.kind {
            ParameterKind::Iri(template) => {
                if value.is_empty() || value.contains(['<', '>', '"', ' ', '{', '}', '\\', '`']) {
                    return Err(invalid("IRI segment"));
                }
                NamedNode::new(template.replace("{value}", value))
                    .map_err(|_| invalid("IRI segment"))?
                    .into()
            }
            ParameterKind::Literal => Literal::new_simple_literal(value).into(),
            ParameterKind::Integer => {
                value.parse::<i64>().map_err(|_| invalid("integer"))?;
                Literal::new_typed_literal(value, xsd::INTEGER).into()
            }
            ParameterKind::Date => {
                let ok = value.len() == 10
                    && value.bytes().enumerate().all(|(i, b)| {
                        if i == 4 || i == 7 {
                            b == b'-'
                        } else {
                            b.is_ascii_digit()
                        }
                    });
                if !ok {
                    return Err(invalid("date (YYYY-MM-DD)"));
                }
                Literal::new_typed_literal(value, xsd::DATE).into()
            }
        };
        let variable = oxigraph::sparql::Variable::new(&parameter.name)
            .map_err(|_| ParameterError::Header(parameter.name.clone()))?;
        bindings.push((variable, term));
    }
    for parameter in declared.iter().filter(|p| !p.optional) {
        if !bindings.iter().any(|(v, _)| v.as_str() == parameter.name) {
            return Err(ParameterError::Missing {
                name: parameter.name.clone(),
                description: parameter.description.clone(),
            });
        }
    }
    Ok(bindings)
}

/// Puts parameter bindings into a query as one-row `VALUES` blocks joined to the patterns that
/// can bind them: throughout the `WHERE` pattern, and into every subquery that projects the
/// parameter or groups by it. The result is the query with the variable bound from the start
/// wherever it is in scope, as if its value were written in its place.
///
/// Oxigraph's own substitution binds the variables only when evaluation starts, after the plan
/// is made, so the plan still scans for every value, and a `VALUES` block in the outer group
/// stops at subqueries. At 10,000 documents, one meeting's attendance took 4.2 s through the
/// substitution and 83 ms this way, and a query whose country filter lies in a subquery went
/// from over a minute to a fraction of a second: the optimiser starts its joins from the term.
pub fn with_values(
    mut query: spargebra::Query,
    bindings: &[(oxigraph::sparql::Variable, oxigraph::model::Term)],
) -> Result<spargebra::Query, ParameterError> {
    use oxigraph::model::Term;
    use spargebra::algebra::GraphPattern;
    use spargebra::term::GroundTerm;
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }) = &mut query;
    for (variable, term) in bindings {
        let value = match term {
            Term::NamedNode(node) => GroundTerm::NamedNode(node.clone()),
            Term::Literal(literal) => GroundTerm::Literal(literal.clone()),
            #[allow(unreachable_patterns)]
            _ => {
                return Err(ParameterError::Invalid {
                    name: variable.as_str().to_owned(),
                    value: term.to_string(),
                    kind: "IRI or literal",
                });
            }
        };
        let binding = Binding { variable, value };
        let taken = std::mem::replace(
            pattern,
            GraphPattern::Bgp {
                patterns: Vec::new(),
            },
        );
        *pattern = binding.outer(taken);
    }
    Ok(query)
}

/// The query with `OFFSET offset LIMIT limit` applied to its solutions, after any of its own:
/// a page of a shipped query's results.
pub fn sliced(mut query: spargebra::Query, offset: usize, limit: usize) -> spargebra::Query {
    use spargebra::algebra::GraphPattern;
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }) = &mut query;
    let taken = std::mem::replace(
        pattern,
        GraphPattern::Bgp {
            patterns: Vec::new(),
        },
    );
    *pattern = GraphPattern::Slice {
        inner: Box::new(taken),
        start: offset,
        length: Some(limit),
    };
    query
}

/// Takes the one-row `VALUES` blocks that open a query's `WHERE` group out of it, as bindings for
/// [`with_values`]: a client who writes `VALUES ?country { <…ITA> }` first in the group (the
/// way to give a parameter through the SPARQL protocol) gets the value pushed into the
/// subqueries, as `--param` does. A block of several rows, or with an unbound cell, stays.
pub fn leading_values(
    mut query: spargebra::Query,
) -> (
    spargebra::Query,
    Vec<(oxigraph::sparql::Variable, oxigraph::model::Term)>,
) {
    let mut bindings = Vec::new();
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }) = &mut query;
    let group = where_group(pattern, false);
    while let Some(row) = take_leading_row(group) {
        bindings.extend(row);
    }
    (query, bindings)
}

/// The `WHERE` group under a query's outer modifiers; a second projection is a subquery's.
fn where_group(
    pattern: &mut spargebra::algebra::GraphPattern,
    projected: bool,
) -> &mut spargebra::algebra::GraphPattern {
    use spargebra::algebra::GraphPattern;
    let below = match pattern {
        GraphPattern::Project { .. } if !projected => Some(true),
        GraphPattern::Slice { .. }
        | GraphPattern::Distinct { .. }
        | GraphPattern::Reduced { .. }
            if !projected =>
        {
            Some(false)
        }
        GraphPattern::OrderBy { .. }
        | GraphPattern::Filter { .. }
        | GraphPattern::Extend { .. }
        | GraphPattern::Group { .. }
        | GraphPattern::LeftJoin { .. } => Some(projected),
        _ => None,
    };
    match (below, pattern) {
        (
            Some(projected),
            GraphPattern::Project { inner, .. }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Filter { inner, .. }
            | GraphPattern::Extend { inner, .. }
            | GraphPattern::Group { inner, .. }
            | GraphPattern::LeftJoin { left: inner, .. },
        ) => where_group(inner, projected),
        (_, other) => other,
    }
}

/// Takes the one-row, fully bound `VALUES` block at the far left of a group out of it. The
/// group's elements are joined left to right, so its first one is the leftmost leaf under the
/// joins, and under the `OPTIONAL`s, `BIND`s and `FILTER`s that follow it: every solution of
/// the group carries the block's values.
fn take_leading_row(
    pattern: &mut spargebra::algebra::GraphPattern,
) -> Option<Vec<(oxigraph::sparql::Variable, oxigraph::model::Term)>> {
    use spargebra::algebra::GraphPattern;
    let empty = || GraphPattern::Bgp {
        patterns: Vec::new(),
    };
    match pattern {
        GraphPattern::Values { .. } => {
            // the whole group was the block: it binds and matches once
            let row = values_row(pattern)?;
            *pattern = empty();
            Some(row)
        }
        GraphPattern::Join { left, right } => match values_row(left) {
            Some(row) => {
                *pattern = std::mem::replace(right.as_mut(), empty());
                Some(row)
            }
            None => take_leading_row(left),
        },
        GraphPattern::LeftJoin { left: inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::Filter { inner, .. } => take_leading_row(inner),
        _ => None,
    }
}

/// The bindings of a one-row `VALUES` block whose every cell is an IRI or a literal.
fn values_row(
    pattern: &spargebra::algebra::GraphPattern,
) -> Option<Vec<(oxigraph::sparql::Variable, oxigraph::model::Term)>> {
    use spargebra::algebra::GraphPattern;
    use spargebra::term::GroundTerm;
    let GraphPattern::Values {
        variables,
        bindings,
    } = pattern
    else {
        return None;
    };
    let [row] = bindings.as_slice() else {
        return None;
    };
    variables
        .iter()
        .zip(row)
        .map(|(variable, value)| {
            let term: oxigraph::model::Term = match value.as_ref()? {
                GroundTerm::NamedNode(node) => node.clone().into(),
                GroundTerm::Literal(literal) => literal.clone().into(),
                #[allow(unreachable_patterns)]
                _ => return None,
            };
            Some((variable.clone(), term))
        })
        .collect()
}

/// Whether a pattern is a subquery: a projection, under its `DISTINCT` or `REDUCED`.
fn is_subquery(pattern: &spargebra::algebra::GraphPattern) -> bool {
    use spargebra::algebra::GraphPattern;
    match pattern {
        GraphPattern::Project { .. } => true,
        GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } => is_subquery(inner),
        _ => false,
    }
}

/// One parameter's value, and where it goes in a query's algebra.
///
/// Joining a pattern with a one-row `VALUES` block keeps the solutions that agree with the value
/// and binds it in the others; that distributes over joins and unions, commutes with filters,
/// ordering and `DISTINCT`, and passes through a projection or grouping that keeps the variable.
/// It does not pass a `LIMIT` inside the `WHERE` pattern (a subquery's first rows are not its
/// first rows with the value), a projection or grouping that hides the variable (the name
/// inside is another variable), or `MINUS`'s right side, whose variables only test.
struct Binding<'a> {
    variable: &'a oxigraph::sparql::Variable,
    value: spargebra::term::GroundTerm,
}

impl Binding<'_> {
    fn values(&self) -> spargebra::algebra::GraphPattern {
        spargebra::algebra::GraphPattern::Values {
            variables: vec![self.variable.clone()],
            bindings: vec![vec![Some(self.value.clone())]],
        }
    }

    fn joined(
        &self,
        pattern: spargebra::algebra::GraphPattern,
    ) -> spargebra::algebra::GraphPattern {
        spargebra::algebra::GraphPattern::Join {
            left: Box::new(self.values()),
            right: Box::new(pattern),
        }
    }

    /// The outer query's solution modifiers, down to its projection: the parameter belongs to
    /// the query, so its slice and projection let it through whatever they keep.
    fn outer(&self, pattern: spargebra::algebra::GraphPattern) -> spargebra::algebra::GraphPattern {
        use spargebra::algebra::GraphPattern;
        let outer = |inner: Box<GraphPattern>| Box::new(self.outer(*inner));
        match pattern {
            GraphPattern::Slice {
                inner,
                start,
                length,
            } => GraphPattern::Slice {
                inner: outer(inner),
                start,
                length,
            },
            GraphPattern::Distinct { inner } => GraphPattern::Distinct {
                inner: outer(inner),
            },
            GraphPattern::Reduced { inner } => GraphPattern::Reduced {
                inner: outer(inner),
            },
            GraphPattern::Project { inner, variables } => GraphPattern::Project {
                inner: Box::new(self.below_projection(*inner)),
                variables,
            },
            other => self.inner(other),
        }
    }

    /// Between the outer projection and the `WHERE` pattern: ordering, select expressions,
    /// `HAVING` and the grouping, which lets the parameter through whether or not it groups by it.
    fn below_projection(
        &self,
        pattern: spargebra::algebra::GraphPattern,
    ) -> spargebra::algebra::GraphPattern {
        use spargebra::algebra::GraphPattern;
        let below = |inner: Box<GraphPattern>| Box::new(self.below_projection(*inner));
        match pattern {
            GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy {
                inner: below(inner),
                expression,
            },
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } if variable != *self.variable => GraphPattern::Extend {
                inner: below(inner),
                variable,
                expression,
            },
            GraphPattern::Filter { expr, inner } => GraphPattern::Filter {
                expr,
                inner: below(inner),
            },
            GraphPattern::Group {
                inner,
                variables,
                aggregates,
            } => GraphPattern::Group {
                inner: Box::new(self.inner(*inner)),
                variables,
                aggregates,
            },
            other => self.inner(other),
        }
    }

    /// Whether a pattern can bind the parameter.
    fn binds(&self, pattern: &spargebra::algebra::GraphPattern) -> bool {
        let mut found = false;
        pattern.on_in_scope_variable(|v| found |= v == self.variable);
        found
    }

    /// Inside the `WHERE` pattern. The value goes down to the patterns that can bind the
    /// variable, and is joined once above those that cannot: joined to every optional part, it
    /// would make Oxigraph evaluate each on its own instead of once per row (one meeting's
    /// attendance went from 40 ms to 3.5 s that way).
    fn inner(&self, pattern: spargebra::algebra::GraphPattern) -> spargebra::algebra::GraphPattern {
        use spargebra::algebra::GraphPattern;
        let inner = |p: Box<GraphPattern>| Box::new(self.inner(*p));
        // where the variable is not bound below, `VALUES` adds its column
        let only_if_bound = |p: Box<GraphPattern>| {
            if self.binds(&p) {
                Box::new(self.inner(*p))
            } else {
                p
            }
        };
        match pattern {
            GraphPattern::Filter { .. } | GraphPattern::Extend { .. } => {}
            ref other if !self.binds(other) => return self.joined(pattern),
            _ => {}
        }
        match pattern {
            GraphPattern::Join { left, right } if self.binds(&left) => GraphPattern::Join {
                left: inner(left),
                right: only_if_bound(right),
            },
            GraphPattern::Join { left, right } => GraphPattern::Join {
                left,
                right: inner(right),
            },
            GraphPattern::Union { left, right } => GraphPattern::Union {
                left: inner(left),
                right: inner(right),
            },
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => GraphPattern::LeftJoin {
                left: inner(left),
                // an optional subquery (a label or a count per entity) is evaluated whole
                // before it is joined, so it gets the value too; an optional pattern is matched
                // row by row against the left side, where the value already is
                right: if is_subquery(&right) {
                    only_if_bound(right)
                } else {
                    right
                },
                expression,
            },
            GraphPattern::Minus { left, right } => GraphPattern::Minus {
                left: inner(left),
                right,
            },
            GraphPattern::Filter { expr, inner: p } => GraphPattern::Filter {
                expr,
                inner: inner(p),
            },
            GraphPattern::Extend {
                inner: p,
                variable,
                expression,
            } if variable != *self.variable => GraphPattern::Extend {
                inner: inner(p),
                variable,
                expression,
            },
            GraphPattern::Distinct { inner: p } => GraphPattern::Distinct { inner: inner(p) },
            GraphPattern::Reduced { inner: p } => GraphPattern::Reduced { inner: inner(p) },
            GraphPattern::OrderBy {
                inner: p,
                expression,
            } => GraphPattern::OrderBy {
                inner: inner(p),
                expression,
            },
            GraphPattern::Project {
                inner: p,
                variables,
            } if variables.contains(self.variable) => GraphPattern::Project {
                inner: inner(p),
                variables,
            },
            // a grouping by the parameter: the rows of its groups all carry it
            GraphPattern::Group {
                inner: p,
                variables,
                aggregates,
            } if variables.contains(self.variable) => GraphPattern::Group {
                inner: inner(p),
                variables,
                aggregates,
            },
            other => self.joined(other),
        }
    }
}

#[cfg(test)]
mod tests;
