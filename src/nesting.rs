//! How deep a SPARQL query nests, checked before it is parsed and after, so that no query can
//! overflow a thread's stack.
//!
//! Oxigraph's parser, optimiser and evaluator recurse once per level of a query: a group inside a
//! group, a parenthesis inside a parenthesis, a `UNION` chained to the one before it, a `+` of
//! an expression to the sum before it. 3,600 nested `{ }` (7 KB of text) or 5,000 chained
//! `UNION`s overflowed the 2 MB stack of a server thread, and Rust aborts the whole process on a
//! stack overflow. So a query is refused past [`MAX_NESTING`] brackets, counted in its text
//! before parsing (the parser's own recursion follows the brackets), and past [`MAX_DEPTH`]
//! levels of its algebra, counted after (chains build deep trees from flat text). Both limits
//! are far above what people write: the shipped queries nest 6 brackets and 14 levels at most.

use spargebra::Query;
use spargebra::algebra::{
    AggregateExpression, Expression, GraphPattern, OrderExpression, PropertyPathExpression,
};

/// Brackets (`{`, `(`, `[`, `<<`) a query may nest in its text.
pub const MAX_NESTING: usize = 128;

/// Levels a query's algebra may have: patterns, expressions and property paths, each chained
/// `UNION`, `OPTIONAL`, join, `||`, `+` or `/` counting one. Oxigraph's optimiser infers the
/// types of a pattern's variables again at each level, in time that grows with the cube of the
/// depth: a chain of 125 `OPTIONAL`s took 2.9 s to plan in a debug build, 250 took 26 s and 500
/// took 216 s, none of it cancellable.
pub const MAX_DEPTH: usize = 128;

/// Triple patterns a query may join in one group (a basic graph pattern, the groups joined to
/// it, a path's steps). Oxigraph's planner orders a group's patterns in time that grows with the
/// cube of their number, and cannot be cancelled meanwhile: 250 patterns took 9.5 s in a debug
/// build, 500 took 89 s, and a path of 5,000 steps would run for hours after its timeout.
pub const MAX_JOINED_PATTERNS: usize = 100;

/// Triple patterns a query may have in all (a path counts one per step): each group is planned
/// apart, so many groups of [`MAX_JOINED_PATTERNS`] add up.
pub const MAX_PATTERNS: usize = 500;

/// A query nested past a limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TooDeep {
    /// Too many brackets inside each other.
    #[error(
        "the query nests brackets more than {MAX_NESTING} deep (line {line}); this server evaluates queries up to that depth"
    )]
    Brackets {
        /// The line of the bracket past the limit.
        line: usize,
    },
    /// Too many triple patterns joined in one group.
    #[error(
        "the query joins {patterns} triple patterns in one group (a path counts one per step); this server plans at most {MAX_JOINED_PATTERNS}"
    )]
    Joined {
        /// The patterns of the largest group.
        patterns: usize,
    },
    /// Too many triple patterns in all.
    #[error(
        "the query has {patterns} triple patterns (a path counts one per step); this server plans at most {MAX_PATTERNS}"
    )]
    Patterns {
        /// The query's patterns.
        patterns: usize,
    },
    /// An algebra too deep: long chains of `UNION`, `OPTIONAL`, joins or operators.
    #[error(
        "the query is more than {MAX_DEPTH} levels deep once parsed (each chained UNION, OPTIONAL, group, operator or path step is a level); this server evaluates queries up to that depth: use VALUES instead of long UNION chains"
    )]
    Algebra,
}

/// Checks the brackets of a query's text, outside strings, IRIs and comments.
pub fn check_text(text: &str) -> Result<(), TooDeep> {
    let chars: Vec<char> = text.chars().collect();
    let (mut depth, mut line, mut i) = (0usize, 1usize, 0usize);
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => line += 1,
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '"' | '\'' => {
                i = skip_string(&chars, i, &mut line);
                continue;
            }
            '<' if chars.get(i + 1) == Some(&'<') => {
                depth += 1;
                i += 1;
            }
            '<' => {
                if let Some(end) = iri_end(&chars, i) {
                    i = end + 1;
                    continue;
                }
            }
            '>' if chars.get(i + 1) == Some(&'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            return Err(TooDeep::Brackets { line });
        }
        i += 1;
    }
    Ok(())
}

/// Where the IRI opened at `start` by `<` closes, if it is an IRI and not a "less than".
fn iri_end(chars: &[char], start: usize) -> Option<usize> {
    for (offset, &c) in chars[start + 1..].iter().enumerate() {
        match c {
            '>' => return Some(start + 1 + offset),
            '<' | '"' | '{' | '}' | '|' | '^' | '`' | '\\' => return None,
            c if c <= ' ' => return None,
            _ => {}
        }
    }
    None
}

/// The index after the string literal opening at `start` (short or long, either quote).
fn skip_string(chars: &[char], start: usize, line: &mut usize) -> usize {
    let quote = chars[start];
    let long = chars.get(start + 1) == Some(&quote) && chars.get(start + 2) == Some(&quote);
    let mut i = start + if long { 3 } else { 1 };
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '\n' => {
                *line += 1;
                if !long {
                    return i;
                }
            }
            c if c == quote => {
                if !long {
                    return i + 1;
                }
                if chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Checks the depth of a parsed query's algebra.
pub fn check_query(query: &Query) -> Result<(), TooDeep> {
    let (Query::Select { pattern, .. }
    | Query::Ask { pattern, .. }
    | Query::Construct { pattern, .. }
    | Query::Describe { pattern, .. }) = query;
    if !pattern_within(pattern, MAX_DEPTH) {
        return Err(TooDeep::Algebra);
    }
    let (open, largest) = joined(pattern);
    let patterns = open.max(largest);
    if patterns > MAX_JOINED_PATTERNS {
        return Err(TooDeep::Joined { patterns });
    }
    match total_patterns(pattern) {
        patterns if patterns > MAX_PATTERNS => Err(TooDeep::Patterns { patterns }),
        _ => Ok(()),
    }
}

/// Every triple pattern of `pattern`, `EXISTS` included. Called on a pattern whose depth is
/// checked.
fn total_patterns(pattern: &GraphPattern) -> usize {
    match pattern {
        GraphPattern::Bgp { patterns } => patterns.len(),
        GraphPattern::Path { path, .. } => path_steps(path),
        GraphPattern::Join { left, right }
        | GraphPattern::LeftJoin { left, right, .. }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Union { left, right } => total_patterns(left) + total_patterns(right),
        GraphPattern::Filter { expr, inner }
        | GraphPattern::Extend {
            expression: expr,
            inner,
            ..
        } => total_patterns(inner) + exists_patterns(expr),
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::Service { inner, .. } => total_patterns(inner),
        #[allow(unreachable_patterns)]
        _ => 0,
    }
}

/// The triple patterns joined in the group `pattern` belongs to, and in the largest group
/// closed inside it (the right of an `OPTIONAL` or `MINUS`, a branch of a `UNION`, a subquery,
/// an `EXISTS`). Called on a pattern whose depth is checked, so its recursion is bounded.
fn joined(pattern: &GraphPattern) -> (usize, usize) {
    let closed = |inner: &GraphPattern| {
        let (open, largest) = joined(inner);
        open.max(largest)
    };
    match pattern {
        GraphPattern::Bgp { patterns } => (patterns.len(), 0),
        GraphPattern::Path { path, .. } => (path_steps(path), 0),
        GraphPattern::Values { .. } => (0, 0),
        GraphPattern::Join { left, right } => {
            let ((a, x), (b, y)) = (joined(left), joined(right));
            (a + b, x.max(y))
        }
        GraphPattern::LeftJoin { left, right, .. } | GraphPattern::Minus { left, right } => {
            let (open, largest) = joined(left);
            (open, largest.max(closed(right)))
        }
        GraphPattern::Union { left, right } => (0, closed(left).max(closed(right))),
        GraphPattern::Filter { expr, inner }
        | GraphPattern::Extend {
            expression: expr,
            inner,
            ..
        } => {
            let (open, largest) = joined(inner);
            (open, largest.max(exists_joined(expr)))
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. } => joined(inner),
        GraphPattern::Project { inner, .. }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::Service { inner, .. } => (0, closed(inner)),
        #[allow(unreachable_patterns)]
        _ => (0, 0),
    }
}

/// The largest group inside an expression's `EXISTS`.
fn exists_joined(expression: &Expression) -> usize {
    let mut largest = 0;
    for_each_exists(expression, &mut |pattern| {
        let (open, inner) = joined(pattern);
        largest = largest.max(open).max(inner);
    });
    largest
}

/// The triple patterns inside an expression's `EXISTS`.
fn exists_patterns(expression: &Expression) -> usize {
    let mut patterns = 0;
    for_each_exists(expression, &mut |pattern| {
        patterns += total_patterns(pattern)
    });
    patterns
}

/// Calls `found` on the pattern of each `EXISTS` in `expression`.
fn for_each_exists(expression: &Expression, found: &mut impl FnMut(&GraphPattern)) {
    if let Expression::Exists(pattern) = expression {
        found(pattern);
    }
    for operand in operands(expression) {
        for_each_exists(operand, found);
    }
}

/// The expressions an expression applies to (none for a term, a variable or `EXISTS`).
pub fn operands(expression: &Expression) -> Vec<&Expression> {
    match expression {
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_)
        | Expression::Exists(_) => Vec::new(),
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => vec![a],
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => vec![a, b],
        Expression::If(a, b, c) => vec![a, b, c],
        Expression::In(a, list) => std::iter::once(&**a).chain(list).collect(),
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => list.iter().collect(),
    }
}

/// The steps of a path: each is a pattern the planner orders.
fn path_steps(path: &PropertyPathExpression) -> usize {
    match path {
        PropertyPathExpression::NamedNode(_) | PropertyPathExpression::NegatedPropertySet(_) => 1,
        PropertyPathExpression::Reverse(a)
        | PropertyPathExpression::ZeroOrMore(a)
        | PropertyPathExpression::OneOrMore(a)
        | PropertyPathExpression::ZeroOrOne(a) => path_steps(a),
        PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
            path_steps(a) + path_steps(b)
        }
    }
}

/// Whether `pattern` is at most `left` levels deep. The recursion stops at the limit, so that
/// this check cannot overflow the stack it guards.
fn pattern_within(pattern: &GraphPattern, left: usize) -> bool {
    let Some(left) = left.checked_sub(1) else {
        return false;
    };
    match pattern {
        GraphPattern::Bgp { .. } | GraphPattern::Values { .. } => true,
        GraphPattern::Path { path, .. } => path_within(path, left),
        GraphPattern::Join { left: a, right: b }
        | GraphPattern::Union { left: a, right: b }
        | GraphPattern::Minus { left: a, right: b } => {
            pattern_within(a, left) && pattern_within(b, left)
        }
        GraphPattern::LeftJoin {
            left: a,
            right: b,
            expression,
        } => {
            pattern_within(a, left)
                && pattern_within(b, left)
                && expression
                    .as_ref()
                    .is_none_or(|e| expression_within(e, left))
        }
        GraphPattern::Filter { expr, inner }
        | GraphPattern::Extend {
            expression: expr,
            inner,
            ..
        } => expression_within(expr, left) && pattern_within(inner, left),
        GraphPattern::OrderBy { inner, expression } => {
            pattern_within(inner, left)
                && expression.iter().all(|order| match order {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                        expression_within(e, left)
                    }
                })
        }
        GraphPattern::Group {
            inner, aggregates, ..
        } => {
            pattern_within(inner, left)
                && aggregates.iter().all(|(_, aggregate)| match aggregate {
                    AggregateExpression::CountSolutions { .. } => true,
                    AggregateExpression::FunctionCall { expr, .. } => expression_within(expr, left),
                })
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Service { inner, .. } => pattern_within(inner, left),
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

fn expression_within(expression: &Expression, left: usize) -> bool {
    let Some(left) = left.checked_sub(1) else {
        return false;
    };
    if let Expression::Exists(pattern) = expression {
        return pattern_within(pattern, left);
    }
    operands(expression)
        .into_iter()
        .all(|operand| expression_within(operand, left))
}

fn path_within(path: &PropertyPathExpression, left: usize) -> bool {
    let Some(left) = left.checked_sub(1) else {
        return false;
    };
    match path {
        PropertyPathExpression::NamedNode(_) | PropertyPathExpression::NegatedPropertySet(_) => {
            true
        }
        PropertyPathExpression::Reverse(a)
        | PropertyPathExpression::ZeroOrMore(a)
        | PropertyPathExpression::OneOrMore(a)
        | PropertyPathExpression::ZeroOrOne(a) => path_within(a, left),
        PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
            path_within(a, left) && path_within(b, left)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_are_counted_outside_strings_iris_and_comments() {
        let deep = |n: usize| format!("ASK {}{}", "{".repeat(n), "}".repeat(n));
        assert_eq!(check_text(&deep(MAX_NESTING - 1)), Ok(()));
        assert_eq!(
            check_text(&deep(MAX_NESTING + 1)),
            Err(TooDeep::Brackets { line: 1 })
        );
        let hidden = "{".repeat(MAX_NESTING * 2);
        for text in [
            format!("ASK {{ ?s ?p \"{hidden}\" }}"),
            format!("ASK {{ ?s ?p '''{hidden}\n''' }}"),
            format!("ASK {{ ?s ?p <http://x/{}> }}", "(".repeat(MAX_NESTING * 2)),
            format!("# {hidden}\nASK {{ }}"),
        ] {
            assert_eq!(check_text(&text), Ok(()), "{text}");
        }
        // a "less than" is not an IRI: the brackets after it count
        let compared = format!(
            "ASK {{ FILTER(1 < 2 && {}1{}) }}",
            "(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        );
        assert_eq!(check_text(&compared), Err(TooDeep::Brackets { line: 1 }));
        let on_line_three = format!("ASK\n{{\n{}", "(".repeat(MAX_NESTING + 5));
        assert_eq!(
            check_text(&on_line_three),
            Err(TooDeep::Brackets { line: 3 })
        );
    }

    fn parsed(text: &str) -> Query {
        spargebra::SparqlParser::new()
            .parse_query(text)
            .unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    /// Runs `test` on a thread with the stack the server's query threads have: a debug build's
    /// parser takes more than the test thread's 2 MiB for a thousand levels.
    fn on_a_query_stack(test: impl FnOnce() + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(crate::server::THREAD_STACK)
            .spawn(test)
            .expect("thread")
            .join()
            .expect("the test passes");
    }

    #[test]
    fn large_groups_of_joined_patterns_are_refused() {
        let bgp = |n: usize| {
            let patterns: Vec<String> = (0..n)
                .map(|i| format!("?v{i} <p:a> ?v{} .", i + 1))
                .collect();
            format!("SELECT * {{ {} }}", patterns.join(" "))
        };
        let groups = |n: usize| {
            let groups: Vec<String> = (0..n)
                .map(|i| format!("{{ ?v{i} <p:a> ?v{} }}", i + 1))
                .collect();
            format!("SELECT * {{ {} }}", groups.join(" "))
        };
        let path = |n: usize| format!("SELECT * {{ ?s {} ?o }}", vec!["<p:a>"; n].join("/"));
        let in_exists =
            |n: usize| format!("ASK {{ FILTER EXISTS {} }}", &bgp(n)["SELECT * ".len()..]);
        for (kind, make) in [
            ("bgp", &bgp as &dyn Fn(usize) -> String),
            ("groups", &groups),
            ("path", &path),
            ("exists", &in_exists),
        ] {
            assert_eq!(
                check_query(&parsed(&make(MAX_JOINED_PATTERNS))),
                Ok(()),
                "{kind}"
            );
            assert_eq!(
                check_query(&parsed(&make(MAX_JOINED_PATTERNS + 1))),
                Err(TooDeep::Joined {
                    patterns: MAX_JOINED_PATTERNS + 1
                }),
                "{kind}"
            );
        }
        // groups that are not joined are planned apart
        let apart = format!(
            "SELECT * {{ {{ {} }} UNION {{ {} }} OPTIONAL {{ {} }} }}",
            &bgp(90)["SELECT * { ".len()..bgp(90).len() - 2],
            &bgp(90)["SELECT * { ".len()..bgp(90).len() - 2],
            &bgp(90)["SELECT * { ".len()..bgp(90).len() - 2],
        );
        assert_eq!(check_query(&parsed(&apart)), Ok(()));
        // and counted together
        let many = |groups: usize| {
            let union: Vec<String> = (0..groups)
                .map(|_| format!("{{ {} }}", &bgp(50)["SELECT * { ".len()..bgp(50).len() - 2]))
                .collect();
            format!("SELECT * {{ {} }}", union.join(" UNION "))
        };
        assert_eq!(check_query(&parsed(&many(MAX_PATTERNS / 50))), Ok(()));
        assert_eq!(
            check_query(&parsed(&many(MAX_PATTERNS / 50 + 1))),
            Err(TooDeep::Patterns {
                patterns: MAX_PATTERNS + 50
            })
        );
    }

    #[test]
    fn chains_count_one_level_each() {
        on_a_query_stack(chains_count_one_level_each_here);
    }

    fn chains_count_one_level_each_here() {
        let union =
            |n: usize| format!("SELECT * {{ {} }}", vec!["{ ?s ?p ?o }"; n].join(" UNION "));
        let sum = |n: usize| format!("SELECT * {{ BIND({} AS ?x) }}", vec!["1"; n].join(" + "));
        let optionals = |n: usize| {
            format!(
                "SELECT * {{ ?s ?p ?o {} }}",
                "OPTIONAL { ?s ?p ?o } ".repeat(n)
            )
        };
        for (kind, make) in [
            ("union", &union as &dyn Fn(usize) -> String),
            ("sum", &sum),
            ("optional", &optionals),
        ] {
            assert_eq!(
                check_query(&parsed(&make(MAX_DEPTH - 10))),
                Ok(()),
                "{kind}"
            );
            assert_eq!(
                check_query(&parsed(&make(MAX_DEPTH + 1))),
                Err(TooDeep::Algebra),
                "{kind}"
            );
        }
    }
}
