//! Feedback on queries: syntax errors that say where (with the line and a caret), unknown
//! prefixes named with the declared ones, updates recognised as such, and hints when a query
//! matches nothing (IRIs the store does not have, with the nearest ontology term; plain
//! literals where the data has language-tagged ones).

use std::collections::BTreeSet;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use oxigraph::store::Store;
use spargebra::algebra::{GraphPattern, PropertyPathExpression};
use spargebra::term::{NamedNodePattern, TermPattern};

use super::QueryConfig;
use super::guard::{NOT_ALLOWED, OVER_BUDGET, TOO_LARGE, line_column};
use crate::error::Error;
use crate::rdf::Iris;
use crate::rdf::syntax::{display_term, prefixes};

const QUERY_FORMS: &[&str] = &["SELECT", "CONSTRUCT", "DESCRIBE", "ASK"];

const UPDATE_KEYWORDS: &[&str] = &[
    "LOAD", "INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH",
];

/// The HTTP status for a query error: 400 for a bad or too large query, 403 for what is not
/// allowed (updates, SERVICE), 503 for a timeout, 500 for the server's own failures.
pub fn error_status(error: &Error) -> u16 {
    match error {
        Error::Query { message, .. } if message.starts_with(NOT_ALLOWED) => 403,
        Error::Query { message, .. } if message.contains("took longer than") => 503,
        Error::Query { message, .. }
            if message.starts_with("internal error") || message.starts_with("invalid prefix") =>
        {
            500
        }
        Error::Query { message, .. }
            if message.starts_with("syntax error")
                || message.starts_with(TOO_LARGE)
                || message.starts_with(OVER_BUDGET)
                || message.starts_with("more than ") =>
        {
            400
        }
        Error::Query { message, .. } if message.starts_with("cannot start") => 500,
        Error::Query { .. } => 400,
        _ => 500,
    }
}

/// A token of query text: a word (keyword, prefixed name, variable, number) and where.
struct Word<'q> {
    text: &'q str,
    offset: usize,
}

/// The words of a query, skipping strings, IRIs, comments and punctuation.
fn words(query: &str) -> Vec<Word<'_>> {
    let bytes = query.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    let is_word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-') || b >= 0x80;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'<' => {
                if let Some(end) = bytes[i..].iter().position(|b| *b == b'>' || *b <= b' ')
                    && bytes[i + end] == b'>'
                {
                    i += end;
                }
            }
            b'?' | b'$' | b'@' => {
                while i + 1 < bytes.len() && is_word(bytes[i + 1]) {
                    i += 1;
                }
            }
            b if is_word(b) => {
                let start = i;
                while i + 1 < bytes.len()
                    && (is_word(bytes[i + 1])
                        || (bytes[i + 1] == b'.' && bytes.get(i + 2).is_some_and(|b| is_word(*b))))
                {
                    i += 1;
                }
                found.push(Word {
                    text: &query[start..=i],
                    offset: start,
                });
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// The line of `query` at `offset` and a caret under the column.
fn caret(query: &str, offset: usize) -> String {
    let (line, column) = line_column(query, offset);
    let text = query.lines().nth(line - 1).unwrap_or("");
    format!("\n  {text}\n  {}^", " ".repeat(column - 1))
}

/// A one-line message for a query that does not parse, with the line and a caret.
pub(crate) fn syntax_message(query: &str, error: &str, base: &Iris) -> String {
    let words = words(query);
    // Updates sent as queries.
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        if word.text.eq_ignore_ascii_case("PREFIX") {
            iter.next();
            continue;
        }
        if word.text.eq_ignore_ascii_case("BASE") {
            continue;
        }
        if let Some(keyword) = UPDATE_KEYWORDS
            .iter()
            .find(|k| k.eq_ignore_ascii_case(word.text))
        {
            return format!(
                "{NOT_ALLOWED}`{keyword}` is a SPARQL update and the store is read-only \
                 (nothing is loaded or changed; rebuild the store with `diplograph build`){}",
                caret(query, word.offset)
            );
        }
        if !QUERY_FORMS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(word.text))
        {
            let (line, column) = line_column(query, word.offset);
            let nearest = QUERY_FORMS
                .iter()
                .map(|k| (edit_distance(&word.text.to_ascii_uppercase(), k), *k))
                .min()
                .filter(|(d, _)| *d <= 2)
                .map_or_else(String::new, |(_, k)| format!(" (did you mean {k}?)"));
            return format!(
                "syntax error at line {line}, column {column}: `{}` is not a query form: a query \
                 starts with SELECT, CONSTRUCT, DESCRIBE or ASK{nearest}{}",
                word.text,
                caret(query, word.offset)
            );
        }
        break;
    }
    // Unknown prefixes.
    let mut declared: BTreeSet<String> = prefixes(base).into_iter().map(|(p, _)| p).collect();
    for pair in words.windows(2) {
        if pair[0].text.eq_ignore_ascii_case("PREFIX")
            && let Some(name) = pair[1].text.strip_suffix(':')
        {
            declared.insert(name.to_owned());
        }
    }
    for word in &words {
        let Some((prefix, _)) = word.text.split_once(':') else {
            continue;
        };
        if prefix == "_" || prefix.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if !declared.contains(prefix) {
            let (line, column) = line_column(query, word.offset);
            let list: Vec<&str> = declared.iter().map(String::as_str).collect();
            return format!(
                "syntax error at line {line}, column {column}: unknown prefix `{prefix}:`; \
                 declared prefixes: {} (or add PREFIX {prefix}: <...>){}",
                list.join(", "),
                caret(query, word.offset)
            );
        }
    }
    // peg's own message: "error at L:C: expected ...".
    let parsed = error.strip_prefix("error at ").and_then(|rest| {
        let (position, expected) = rest.split_once(": ")?;
        let (line, column) = position.split_once(':')?;
        Some((
            line.parse::<usize>().ok()?,
            column.parse::<usize>().ok()?,
            expected,
        ))
    });
    let Some((line, column, expected)) = parsed else {
        return format!("syntax error: {error}");
    };
    let offset = offset_of(query, line, column);
    let found = words
        .iter()
        .find(|w| w.offset <= offset && offset < w.offset + w.text.len().max(1))
        .map(|w| w.text)
        .or_else(|| query[offset.min(query.len())..].split_whitespace().next())
        .map_or_else(|| "end of query".to_owned(), |t| format!("`{t}`"));
    format!(
        "syntax error at line {line}, column {column}: unexpected {found}; {}{}",
        summarise_expected(expected),
        caret(query, offset)
    )
}

fn offset_of(query: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (n, text) in query.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            return offset
                + text
                    .char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(text.len(), |(i, _)| i);
        }
        offset += text.len();
    }
    query.len()
}

/// peg's list of expected tokens, without its character classes (six lines of Unicode
/// ranges for a name), keywords first.
fn summarise_expected(expected: &str) -> String {
    let list = expected
        .strip_prefix("expected one of ")
        .or_else(|| expected.strip_prefix("expected "))
        .unwrap_or(expected);
    let mut tokens: Vec<String> = Vec::new();
    for item in list.split(", ") {
        let item = item.trim();
        if let Some(token) = item.strip_prefix('"').and_then(|i| i.strip_suffix('"'))
            && !token.is_empty()
            && !tokens.iter().any(|t| t.eq_ignore_ascii_case(token))
        {
            tokens.push(token.to_owned());
        }
    }
    let names = list.contains("['") || list.contains("[^");
    if tokens.is_empty() {
        return if names {
            "expected a name, variable or term".to_owned()
        } else {
            format!("expected {list}")
        };
    }
    tokens.sort_by_key(|t| !t.chars().all(|c| c.is_ascii_alphabetic()));
    let shown: Vec<String> = tokens.iter().take(12).map(|t| format!("`{t}`")).collect();
    format!(
        "expected {}{}{}",
        shown.join(", "),
        if tokens.len() > 12 { ", ..." } else { "" },
        if names { " or a name" } else { "" }
    )
}

/// Every graph pattern of `pattern`, depth first.
fn visit(pattern: &GraphPattern, f: &mut dyn FnMut(&GraphPattern)) {
    f(pattern);
    match pattern {
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right }
        | GraphPattern::LeftJoin { left, right, .. } => {
            visit(left, f);
            visit(right, f);
        }
        GraphPattern::Filter { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Service { inner, .. } => visit(inner, f),
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
    }
}

fn path_iris(path: &PropertyPathExpression, out: &mut Vec<NamedNode>) {
    match path {
        PropertyPathExpression::NamedNode(node) => out.push(node.clone()),
        PropertyPathExpression::Reverse(p)
        | PropertyPathExpression::ZeroOrMore(p)
        | PropertyPathExpression::OneOrMore(p)
        | PropertyPathExpression::ZeroOrOne(p) => path_iris(p, out),
        PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => {
            path_iris(a, out);
            path_iris(b, out);
        }
        PropertyPathExpression::NegatedPropertySet(_) => {}
    }
}

fn occurs(store: &Store, iri: NamedNodeRef<'_>) -> bool {
    let any = |mut i: oxigraph::store::QuadIter| i.next().is_some();
    any(store.quads_for_pattern(Some(iri.into()), None, None, None))
        || any(store.quads_for_pattern(None, Some(iri), None, None))
        || any(store.quads_for_pattern(None, None, Some(iri.into()), None))
        || store.contains_named_graph(iri).unwrap_or(false)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

/// Every IRI the ontology mentions (the candidates for "did you mean").
fn ontology_terms() -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    for quad in RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(crate::rdf::ONTOLOGY_TTL.as_bytes())
        .flatten()
    {
        for term in [
            Term::from(quad.subject),
            Term::from(quad.predicate),
            quad.object,
        ] {
            if let Term::NamedNode(node) = term {
                terms.insert(node.into_string());
            }
        }
    }
    terms
}

/// Why a query may have matched nothing: its IRIs that occur nowhere in the store (with the
/// nearest ontology term) and its plain literals that the data has only with a language tag.
/// Empty when nothing looks wrong (or the query does not parse).
pub fn empty_result_hints(store: &Store, query: &str, config: &QueryConfig) -> Vec<String> {
    let Ok(parsed) = super::parse(query, config) else {
        return Vec::new();
    };
    let pattern = match &parsed {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    let mut iris: Vec<NamedNode> = Vec::new();
    let mut literals: Vec<(Option<NamedNode>, String)> = Vec::new();
    visit(pattern, &mut |p| match p {
        GraphPattern::Bgp { patterns } => {
            for triple in patterns {
                for term in [&triple.subject, &triple.object] {
                    if let TermPattern::NamedNode(node) = term {
                        iris.push(node.clone());
                    }
                }
                let predicate = match &triple.predicate {
                    NamedNodePattern::NamedNode(node) => {
                        iris.push(node.clone());
                        Some(node.clone())
                    }
                    NamedNodePattern::Variable(_) => None,
                };
                if let TermPattern::Literal(literal) = &triple.object
                    && literal.language().is_none()
                    && literal.datatype() == oxigraph::model::vocab::xsd::STRING
                {
                    literals.push((predicate, literal.value().to_owned()));
                }
            }
        }
        GraphPattern::Path {
            subject,
            path,
            object,
        } => {
            for term in [subject, object] {
                if let TermPattern::NamedNode(node) = term {
                    iris.push(node.clone());
                }
            }
            path_iris(path, &mut iris);
        }
        _ => {}
    });
    let mut hints = Vec::new();
    let mut seen = BTreeSet::new();
    let mut terms: Option<BTreeSet<String>> = None;
    for iri in iris {
        if !seen.insert(iri.clone()) || occurs(store, iri.as_ref()) {
            continue;
        }
        let shown = display_term(&Term::from(iri.clone()), &config.base);
        let terms = terms.get_or_insert_with(ontology_terms);
        let nearest = terms
            .iter()
            .map(|t| (edit_distance(iri.as_str(), t), t))
            .filter(|(d, t)| *d > 0 && *d <= 3.max(t.len() / 10))
            .min();
        hints.push(match nearest {
            Some((_, term)) => format!(
                "{shown} does not occur in the store; did you mean {}?",
                display_term(
                    &Term::from(NamedNode::new_unchecked(term.clone())),
                    &config.base
                )
            ),
            None => format!("{shown} does not occur in the store"),
        });
    }
    for (predicate, value) in literals {
        if let Some(hint) = literal_hint(store, predicate.as_ref(), &value, config) {
            hints.push(hint);
        }
    }
    hints
}

/// A hint when `"value"` (plain) never occurs with `predicate` but a language-tagged
/// literal of the same text does.
fn literal_hint(
    store: &Store,
    predicate: Option<&NamedNode>,
    value: &str,
    config: &QueryConfig,
) -> Option<String> {
    let plain = oxigraph::model::Literal::new_simple_literal(value);
    let mut tagged = None;
    // Bounded: a hint is not worth a scan of a whole large store.
    for quad in store
        .quads_for_pattern(None, predicate.map(NamedNode::as_ref), None, None)
        .take(1 << 20)
    {
        let Ok(quad) = quad else { break };
        let Term::Literal(literal) = &quad.object else {
            continue;
        };
        if *literal == plain {
            return None;
        }
        if literal.value() == value && literal.language().is_some() && tagged.is_none() {
            tagged = Some(literal.clone());
        }
    }
    let tagged = tagged?;
    let on = predicate.map_or_else(String::new, |p| {
        format!(" as {}", display_term(&Term::from(p.clone()), &config.base))
    });
    Some(format!(
        "\"{value}\" (without a language tag) occurs nowhere{on}, but {tagged} does: write \
         {tagged}, or match any tag with FILTER(STR(?x) = \"{value}\")"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("Evnt", "Event"), 1);
        assert_eq!(edit_distance("", "ab"), 2);
    }

    #[test]
    fn expected_lists_drop_character_classes() {
        let summary = summarise_expected(
            "expected one of \"(\", \"ASK\", \"CONSTRUCT\", ['a'..='z' | 'A'..='Z']",
        );
        assert_eq!(summary, "expected `ASK`, `CONSTRUCT`, `(` or a name");
    }
}
