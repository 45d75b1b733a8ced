//! Unit tests of `queries`.

use super::*;

const QUERY: &str = "# title: t\n# param: theme iri https://w3id.org/ctockg/id/theme/{value} — a theme key\n# param?: year integer — a year\nSELECT * {}";

#[test]
fn parameters_bind_as_terms_and_reject_what_does_not_fit() {
    let declared = parameters(QUERY).expect("header reads");
    assert_eq!(declared.len(), 2);
    let bound = bind(&declared, &["theme=technology".to_owned()]).expect("binds");
    assert_eq!(
        bound[0].1.to_string(),
        "<https://w3id.org/ctockg/id/theme/technology>"
    );
    let injected = bind(&declared, &["theme=x> } ; DROP ALL ; <y".to_owned()]);
    assert!(matches!(injected, Err(ParameterError::Invalid { .. })));
    assert!(matches!(
        bind(&declared, &[]),
        Err(ParameterError::Missing { .. })
    ));
    assert!(matches!(
        bind(&declared, &["colour=red".to_owned()]),
        Err(ParameterError::Unknown { .. })
    ));
    assert!(matches!(
        bind(
            &declared,
            &["theme=technology".to_owned(), "year=20x".to_owned()]
        ),
        Err(ParameterError::Invalid { .. })
    ));
}

#[test]
fn bindings_become_values_inside_the_where_pattern() {
    use oxigraph::model::{BlankNode, NamedNode, Term};
    use oxigraph::sparql::Variable;
    let text = "SELECT ?x (COUNT(*) AS ?n) WHERE { ?x ?p ?o FILTER (?o != ?x) } \
                GROUP BY ?x HAVING (COUNT(*) > 1) ORDER BY ?n LIMIT 5";
    let parsed = spargebra::SparqlParser::new()
        .parse_query(text)
        .expect("parses");
    let x = Variable::new_unchecked("x");
    let a: Term = NamedNode::new_unchecked("http://example.org/a").into();
    let rewritten = with_values(parsed, &[(x.clone(), a)]).expect("rewrites");
    let written = rewritten.to_string();
    // the VALUES block sits in the WHERE pattern, inside the filter, before the grouping
    let values = written
        .find("VALUES ( ?x ) { ( <http://example.org/a> )")
        .unwrap_or_else(|| panic!("no VALUES block in {written}"));
    let filter = written.find("FILTER").expect("filter kept");
    let group = written.find("GROUP BY").expect("grouping kept");
    assert!(values < filter && filter < group, "{written}");
    assert!(written.contains("LIMIT 5"), "{written}");
    let blank: Term = BlankNode::default().into();
    let parsed = spargebra::SparqlParser::new()
        .parse_query(text)
        .expect("parses");
    assert!(matches!(
        with_values(parsed, &[(x, blank)]),
        Err(ParameterError::Invalid { .. })
    ));
}

#[test]
fn a_leading_one_row_values_block_is_taken_as_bindings() {
    let parse = |text: &str| {
        spargebra::SparqlParser::new()
            .parse_query(text)
            .expect("parses")
    };
    let subquery = "{ SELECT ?c (COUNT(*) AS ?n) WHERE { ?s ?p ?c } GROUP BY ?c }";
    let (query, bindings) = leading_values(parse(&format!(
        "SELECT ?c ?n WHERE {{ VALUES ?c {{ <http://example.org/a> }} {subquery} }} ORDER BY ?n"
    )));
    assert_eq!(bindings.len(), 1);
    assert_eq!(bindings[0].0.as_str(), "c");
    let written = with_values(query, &bindings).expect("rewrites").to_string();
    // the value went into the subquery, before its grouping
    let values = written
        .find("VALUES ( ?c ) { ( <http://example.org/a> )")
        .unwrap_or_else(|| panic!("{written}"));
    assert!(
        values < written.find("GROUP BY").expect("grouping"),
        "{written}"
    );
    // an OPTIONAL, a BIND and a pattern after the block wrap it in the algebra: still taken
    let (query, bindings) = leading_values(parse(&format!(
        "SELECT * WHERE {{ VALUES ?c {{ <http://example.org/a> }} {subquery} \
         OPTIONAL {{ ?c ?q ?l }} BIND (STR(?c) AS ?s) ?c ?r ?o }}"
    )));
    assert_eq!(bindings.len(), 1);
    let written = with_values(query, &bindings).expect("rewrites").to_string();
    // the group opens with the subquery now, the value inside it before its grouping
    assert!(written.contains("WHERE { { SELECT"), "{written}");
    assert!(
        written.find("VALUES").expect("values") < written.find("GROUP BY").expect("grouping"),
        "{written}"
    );
    // two rows, or a value inside a nested group, stay where they are
    for text in [
        format!(
            "SELECT * WHERE {{ VALUES ?c {{ <http://example.org/a> <http://example.org/b> }} {subquery} }}"
        ),
        format!(
            "SELECT * WHERE {{ ?x ?y ?z {{ VALUES ?c {{ <http://example.org/a> }} }} {subquery} }}"
        ),
    ] {
        let (kept, none) = leading_values(parse(&text));
        assert!(none.is_empty(), "{text}");
        assert!(kept.to_string().contains("VALUES"), "{text}");
    }
}
