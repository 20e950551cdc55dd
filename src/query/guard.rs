//! What one query may cost: checked before parsing, in its algebra, and while it runs.
//!
//! - Before parsing, [`check_shape`] refuses a query longer than [`QueryLimits::max_length`],
//!   nesting `(`, `{` or `[` deeper than [`QueryLimits::max_depth`], or with more operators
//!   and graph-pattern keywords (each of which makes the parsed algebra one level deeper:
//!   `UNION`, `OPTIONAL`, `/` in a path, `+` in an expression ...) than
//!   [`QueryLimits::max_operators`]. Parsing, optimising, evaluating and dropping a query
//!   recurse over its algebra, so a query over these limits could overflow any stack; queries
//!   under them run on a thread with [`QUERY_STACK_SIZE`] of stack, tested at the limits.
//! - After parsing, `Guard::rewrite` refuses `SERVICE` (nothing is ever fetched from
//!   elsewhere) and `FROM`/`FROM NAMED` graphs the store does not have, and rewrites the
//!   functions whose results can outgrow their arguments (`CONCAT`, `REPLACE`, `UCASE`,
//!   `LCASE`, `ENCODE_FOR_URI`, `GROUP_CONCAT`) into guarded versions.
//! - While the query runs, the guarded functions charge every string they make to a
//!   `Budget`: a string over [`QueryLimits::max_string`] bytes, or more than
//!   [`QueryLimits::max_string_total`] bytes made in all, stops the query (through its
//!   cancellation token) with an error saying which limit it hit.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::{AggregateFunctionAccumulator, CancellationToken, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::Query;
use spargebra::algebra::{
    AggregateExpression, AggregateFunction, Expression, Function, GraphPattern, OrderExpression,
};

use crate::error::{Error, Result};

/// Stack of a query thread: deep (but accepted) algebra is parsed, optimised, evaluated and
/// dropped recursively. Only the pages a query touches are ever committed.
pub const QUERY_STACK_SIZE: usize = 256 << 20;

/// Message prefix of queries refused for their size or shape (HTTP 400).
pub(crate) const TOO_LARGE: &str = "query too large: ";
/// Message prefix of queries refused for what they ask (SERVICE; HTTP 403).
pub(crate) const NOT_ALLOWED: &str = "not allowed: ";
/// Message prefix of queries stopped by their budget (HTTP 400).
pub(crate) const OVER_BUDGET: &str = OVER_BUDGET_PREFIX;
/// [`OVER_BUDGET`], for the endpoint's memory watcher.
pub(crate) const OVER_BUDGET_PREFIX: &str = "over budget: ";

/// How large a query and what it makes may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// Longest query text, in bytes.
    pub max_length: usize,
    /// Deepest nesting of `(`, `{` and `[` (outside strings, IRIs and comments).
    pub max_depth: usize,
    /// Most triple patterns and path steps (counted as the `.`, `;`, `,` and `/` between
    /// them): the optimiser's work grows with the cube of their number, before evaluation
    /// starts and before a deadline can stop it.
    pub max_patterns: usize,
    /// Most operators and graph-pattern keywords (`UNION`, `OPTIONAL`, `MINUS`, `FILTER`,
    /// `BIND`, `EXISTS`, `GRAPH`, `SERVICE`, `SELECT`, `VALUES`, `{`, `|`, `/`, `+`, `-`, `*`,
    /// `^`, `!`, `=`, `<`, `>`, `&&`, `||`).
    pub max_operators: usize,
    /// Longest string one function may make, in bytes.
    pub max_string: usize,
    /// Most bytes of strings the guarded functions may make in one query, in all.
    pub max_string_total: usize,
}

impl Default for QueryLimits {
    fn default() -> Self {
        Self {
            max_length: 128 << 10,
            max_depth: 128,
            max_patterns: 200,
            max_operators: 1_000,
            max_string: 1 << 20,
            max_string_total: 256 << 20,
        }
    }
}

/// 1-based line and column of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..text.floor_char_boundary(offset.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

const KEYWORDS: &[&str] = &[
    "UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "EXISTS", "GRAPH", "SERVICE", "SELECT",
    "VALUES", "LATERAL",
];

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(byte, b'_' | b':' | b'-' | b'%' | b'\\')
        || byte >= 0x80
}

/// Refuse a query over the size and shape limits, before it is parsed. Strings, IRIs and
/// comments are skipped, so brackets and operators inside them do not count.
pub fn check_shape(text: &str, limits: &QueryLimits) -> Result<()> {
    if text.len() > limits.max_length {
        return Err(Error::query(format!(
            "{TOO_LARGE}the query is {} bytes long, over the limit of {} bytes: shorten it \
             (or pass a long list of values in several queries)",
            text.len(),
            limits.max_length
        )));
    }
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut patterns = 0usize;
    let mut i = 0;
    let too_deep = |at: usize| {
        let (line, column) = line_column(text, at);
        Error::query(format!(
            "{TOO_LARGE}brackets nest more than {} levels deep at line {line}, column {column}: \
             flatten the query",
            limits.max_depth
        ))
    };
    let too_many = |at: usize| {
        let (line, column) = line_column(text, at);
        Error::query(format!(
            "{TOO_LARGE}more than {} operators and graph pattern keywords (UNION, OPTIONAL, \
             FILTER, path steps ...), the next at line {line}, column {column}: split the query",
            limits.max_operators
        ))
    };
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let long = bytes.get(i + 1) == Some(&byte) && bytes.get(i + 2) == Some(&byte);
                i += if long { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == byte
                        && (!long
                            || (bytes.get(i + 1) == Some(&byte) && bytes.get(i + 2) == Some(&byte)))
                    {
                        i += if long { 2 } else { 0 };
                        break;
                    }
                    if !long && bytes[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            b'<' => {
                // An IRI if the characters up to the next `>` may all be in one (SPARQL's
                // IRIREF); otherwise the operator `<` or `<=`.
                let end = bytes[i + 1..]
                    .iter()
                    .position(|b| {
                        *b == b'>'
                            || *b <= b' '
                            || matches!(b, b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\')
                    })
                    .map(|n| i + 1 + n);
                match end {
                    Some(end) if bytes[end] == b'>' => i = end,
                    _ => operators += 1,
                }
            }
            b'(' | b'{' | b'[' => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(too_deep(i));
                }
                if byte == b'{' {
                    operators += 1;
                }
            }
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            b'|' | b'&' => {
                operators += 1;
                if bytes.get(i + 1) == Some(&byte) {
                    i += 1;
                }
            }
            b'/' => {
                operators += 1;
                patterns += 1;
            }
            b'.' | b';' | b',' => patterns += 1,
            b'+' | b'-' | b'*' | b'^' | b'!' | b'=' | b'>' => operators += 1,
            b'?' | b'$' | b'@' => {
                while i + 1 < bytes.len() && is_word_byte(bytes[i + 1]) {
                    i += 1;
                }
            }
            _ if is_word_byte(byte) => {
                let start = i;
                while i + 1 < bytes.len()
                    && (is_word_byte(bytes[i + 1])
                        || (bytes[i + 1] == b'.'
                            && bytes.get(i + 2).is_some_and(|b| is_word_byte(*b))))
                {
                    i += 1;
                }
                let word = &text[start..=i];
                if KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word)) {
                    operators += 1;
                }
            }
            _ => {}
        }
        if operators > limits.max_operators {
            return Err(too_many(i.min(bytes.len().saturating_sub(1))));
        }
        if patterns > limits.max_patterns {
            let (line, column) = line_column(text, i);
            return Err(Error::query(format!(
                "{TOO_LARGE}more than {} triple patterns and path steps, the next at line \
                 {line}, column {column}: split the query",
                limits.max_patterns
            )));
        }
        i += 1;
    }
    Ok(())
}

/// What one query may still make, shared by its guarded functions.
#[derive(Clone)]
pub(crate) struct Budget {
    token: CancellationToken,
    max_string: usize,
    max_total: usize,
    used: Arc<AtomicUsize>,
    tripped: Arc<Mutex<Option<String>>>,
}

impl std::fmt::Debug for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Budget")
            .field("max_string", &self.max_string)
            .field("max_total", &self.max_total)
            .field("used", &self.used)
            .finish_non_exhaustive()
    }
}

impl Budget {
    pub(crate) fn new(token: CancellationToken, limits: &QueryLimits) -> Self {
        Self {
            token,
            max_string: limits.max_string,
            max_total: limits.max_string_total,
            used: Arc::new(AtomicUsize::new(0)),
            tripped: Arc::new(Mutex::new(None)),
        }
    }

    /// The query's cancellation token.
    pub(crate) fn token(&self) -> &CancellationToken {
        &self.token
    }

    /// Stop the query, saying why (the first reason wins).
    pub(crate) fn trip(&self, reason: String) {
        let mut tripped = self
            .tripped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if tripped.is_none() {
            *tripped = Some(reason);
        }
        self.token.cancel();
    }

    /// Why the query was stopped, if its budget stopped it.
    pub(crate) fn tripped(&self) -> Option<String> {
        self.tripped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Account for a string of `bytes` made by `function`; false (and the query stopped)
    /// when it is over a limit or the query was cancelled.
    fn charge(&self, function: &str, bytes: usize) -> bool {
        if self.token.is_cancelled() {
            return false;
        }
        if bytes > self.max_string {
            self.trip(format!(
                "{OVER_BUDGET}{function} would make a string of {bytes} bytes, over the limit \
                 of {} bytes per string",
                self.max_string
            ));
            return false;
        }
        let total = self.used.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if total > self.max_total {
            self.trip(format!(
                "{OVER_BUDGET}the query's string functions made more than {} bytes of strings",
                self.max_total
            ));
            return false;
        }
        true
    }
}

const GUARD_NS: &str = "urn:diplograph:guard:";

fn guard_iri(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{GUARD_NS}{name}"))
}

/// The lexical form and language of a string literal (`None` for anything else).
fn string_of(term: &Term) -> Option<(&str, Option<&str>)> {
    let Term::Literal(literal) = term else {
        return None;
    };
    match literal.language() {
        Some(language) => Some((literal.value(), Some(language))),
        None if literal.datatype() == oxigraph::model::vocab::xsd::STRING => {
            Some((literal.value(), None))
        }
        None => None,
    }
}

fn string_literal(value: String, language: Option<&str>) -> Option<Term> {
    match language {
        Some(language) => Literal::new_language_tagged_literal(value, language)
            .ok()
            .map(Term::from),
        None => Some(Literal::new_simple_literal(value).into()),
    }
}

/// The common language of string arguments, as CONCAT and GROUP_CONCAT keep it: the tag
/// when all share it, none otherwise.
fn common_language<'t>(mut languages: impl Iterator<Item = Option<&'t str>>) -> Option<&'t str> {
    let first = languages.next()??;
    languages.all(|l| l == Some(first)).then_some(first)
}

/// The query rewritten, and what its evaluation needs.
#[derive(Debug, Default)]
pub(crate) struct Guard {
    separators: BTreeSet<String>,
}

impl Guard {
    /// Check the dataset and SERVICE clauses of `query` and guard its string functions.
    pub(crate) fn rewrite(query: &mut Query, store: &Store) -> Result<Self> {
        let mut guard = Self::default();
        let (dataset, pattern) = match query {
            Query::Select {
                dataset, pattern, ..
            }
            | Query::Construct {
                dataset, pattern, ..
            }
            | Query::Describe {
                dataset, pattern, ..
            }
            | Query::Ask {
                dataset, pattern, ..
            } => (dataset, pattern),
        };
        if let Some(dataset) = dataset {
            for graph in dataset.default.iter().chain(dataset.named.iter().flatten()) {
                let known = store
                    .contains_named_graph(graph)
                    .map_err(|e| Error::store(e.to_string()).caused_by(e))?;
                if !known {
                    return Err(Error::query(format!(
                        "FROM {graph} is not a graph of this dataset: nothing is \
                         fetched from elsewhere; without FROM the default graph is the union of \
                         all graphs"
                    )));
                }
            }
        }
        guard.pattern(pattern)?;
        Ok(guard)
    }

    /// The evaluator with the guarded functions registered, charging `budget`.
    pub(crate) fn register(
        &self,
        mut evaluator: SparqlEvaluator,
        budget: &Budget,
    ) -> SparqlEvaluator {
        let concat = budget.clone();
        evaluator = evaluator.with_custom_function(guard_iri("concat"), move |args| {
            let strings: Vec<(&str, Option<&str>)> =
                args.iter().map(string_of).collect::<Option<_>>()?;
            let bytes = strings.iter().map(|(s, _)| s.len()).sum();
            if !concat.charge("CONCAT", bytes) {
                return None;
            }
            let language = common_language(strings.iter().map(|(_, l)| *l));
            string_literal(strings.iter().map(|(s, _)| *s).collect(), language)
        });
        let checked = budget.clone();
        evaluator = evaluator.with_custom_function(guard_iri("checked"), move |args| {
            let [term] = args else { return None };
            let bytes = match term {
                Term::Literal(literal) => literal.value().len(),
                Term::NamedNode(node) => node.as_str().len(),
                _ => 0,
            };
            checked
                .charge("a string function", bytes)
                .then(|| term.clone())
        });
        let replace = budget.clone();
        evaluator = evaluator.with_custom_function(guard_iri("replace-input"), move |args| {
            // REPLACE may insert its replacement (with `$n` groups, up to the whole input)
            // at every match: bound the product before it runs.
            let [input, replacement] = args else {
                return None;
            };
            let (text, _) = string_of(input)?;
            let (with, _) = string_of(replacement)?;
            let worst = (text.len() + 1).saturating_mul(with.len() + 1);
            if worst > replace.max_string.saturating_mul(16) {
                replace.trip(format!(
                    "{OVER_BUDGET}REPLACE of {} bytes by {} bytes could make more than {} bytes: \
                     use a shorter input or replacement",
                    text.len(),
                    with.len(),
                    replace.max_string.saturating_mul(16)
                ));
                return None;
            }
            Some(input.clone())
        });
        for separator in &self.separators {
            let budget = budget.clone();
            let separator = separator.clone();
            evaluator =
                evaluator.with_custom_aggregate_function(group_concat_iri(&separator), move || {
                    Box::new(GroupConcat {
                        budget: budget.clone(),
                        separator: separator.clone(),
                        value: String::new(),
                        language: None,
                        count: 0,
                        failed: false,
                    })
                });
        }
        evaluator
    }

    fn pattern(&mut self, pattern: &mut GraphPattern) -> Result<()> {
        match pattern {
            GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {
                Ok(())
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right }
            | GraphPattern::Lateral { left, right } => {
                self.pattern(left)?;
                self.pattern(right)
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.pattern(left)?;
                self.pattern(right)?;
                if let Some(expression) = expression {
                    self.expression(expression)?;
                }
                Ok(())
            }
            GraphPattern::Filter { expr, inner } => {
                self.expression(expr)?;
                self.pattern(inner)
            }
            GraphPattern::Extend {
                inner, expression, ..
            } => {
                self.expression(expression)?;
                self.pattern(inner)
            }
            GraphPattern::OrderBy { inner, expression } => {
                for order in expression {
                    match order {
                        OrderExpression::Asc(e) | OrderExpression::Desc(e) => self.expression(e)?,
                    }
                }
                self.pattern(inner)
            }
            GraphPattern::Group {
                inner, aggregates, ..
            } => {
                for (_, aggregate) in aggregates {
                    if let AggregateExpression::FunctionCall { name, expr, .. } = aggregate {
                        self.expression(expr)?;
                        if let AggregateFunction::GroupConcat { separator } = name {
                            let separator = separator.clone().unwrap_or_else(|| " ".to_owned());
                            *name = AggregateFunction::Custom(group_concat_iri(&separator));
                            self.separators.insert(separator);
                        }
                    }
                }
                self.pattern(inner)
            }
            GraphPattern::Graph { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => self.pattern(inner),
            GraphPattern::Service { name, silent, .. } => Err(Error::query(format!(
                "{NOT_ALLOWED}SERVICE{} {name} is not supported: this endpoint never sends \
                 requests to other services; query them yourself and join the results",
                if *silent { " SILENT" } else { "" }
            ))),
        }
    }

    fn expression(&mut self, expression: &mut Expression) -> Result<()> {
        match expression {
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
            | Expression::Divide(a, b) => {
                self.expression(a)?;
                self.expression(b)
            }
            Expression::In(a, list) => {
                self.expression(a)?;
                list.iter_mut().try_for_each(|e| self.expression(e))
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                self.expression(a)
            }
            Expression::Exists(pattern) => self.pattern(pattern),
            Expression::If(a, b, c) => {
                self.expression(a)?;
                self.expression(b)?;
                self.expression(c)
            }
            Expression::Coalesce(list) => list.iter_mut().try_for_each(|e| self.expression(e)),
            Expression::FunctionCall(function, args) => {
                args.iter_mut().try_for_each(|e| self.expression(e))?;
                match function {
                    Function::Concat => *function = Function::Custom(guard_iri("concat")),
                    Function::Replace => {
                        if args.len() >= 3 {
                            let input = args[0].clone();
                            let replacement = args[2].clone();
                            args[0] = Expression::FunctionCall(
                                Function::Custom(guard_iri("replace-input")),
                                vec![input, replacement],
                            );
                        }
                        wrap_checked(expression);
                    }
                    Function::UCase | Function::LCase | Function::EncodeForUri => {
                        wrap_checked(expression);
                    }
                    _ => {}
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

fn wrap_checked(expression: &mut Expression) {
    let inner = std::mem::replace(
        expression,
        Expression::Bound(spargebra::term::Variable::new_unchecked("_")),
    );
    *expression = Expression::FunctionCall(Function::Custom(guard_iri("checked")), vec![inner]);
}

fn group_concat_iri(separator: &str) -> NamedNode {
    guard_iri(&format!(
        "group-concat?separator={}",
        crate::publish::html::form_encode(separator)
    ))
}

/// GROUP_CONCAT charging its budget as it grows.
struct GroupConcat {
    budget: Budget,
    separator: String,
    value: String,
    language: Option<Option<String>>,
    count: usize,
    failed: bool,
}

impl AggregateFunctionAccumulator for GroupConcat {
    fn accumulate(&mut self, element: Term) {
        if self.failed {
            return;
        }
        let Some((text, language)) = string_of(&element) else {
            self.failed = true;
            return;
        };
        let added = text.len()
            + if self.count > 0 {
                self.separator.len()
            } else {
                0
            };
        if !self.budget.charge("GROUP_CONCAT", self.value.len() + added) {
            self.failed = true;
            return;
        }
        if self.count > 0 {
            self.value.push_str(&self.separator);
        }
        self.value.push_str(text);
        self.count += 1;
        match &self.language {
            None => self.language = Some(language.map(str::to_owned)),
            Some(current) if current.as_deref() != language => self.language = Some(None),
            Some(_) => {}
        }
    }

    fn finish(&mut self) -> Option<Term> {
        if self.failed {
            return None;
        }
        string_literal(
            std::mem::take(&mut self.value),
            self.language.clone().flatten().as_deref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Result<()> {
        check_shape(
            text,
            &QueryLimits {
                max_depth: 3,
                max_operators: 4,
                max_patterns: 3,
                ..QueryLimits::default()
            },
        )
    }

    #[test]
    fn brackets_in_strings_iris_and_comments_do_not_count() {
        shape("SELECT * { ?s <urn:a((((> \"((((\" } # ((((\n").unwrap();
        shape("ASK { ?s ?p '''{{{{'''}").unwrap();
        assert!(shape("ASK { (((1))) }").is_err());
    }

    #[test]
    fn operators_and_keywords_count() {
        shape("ASK { ?s dg:has-part ?o FILTER(?o) }").unwrap();
        assert!(shape("ASK { {} UNION {} UNION {} UNION {} }").is_err());
        assert!(shape("ASK { FILTER(1+1+1+1+1) }").is_err());
        assert!(shape("ASK { ?a <p>/<p>/<p>/<p>/<p> ?b }").is_err());
        assert!(shape("ASK { ?a <p> ?b, ?c, ?d ; <q> ?e . ?x ?y ?z }").is_err());
        shape("ASK { ?a <p> 1.5, \"a.b,c;d\" }").unwrap();
        // `<` as an operator, not an IRI.
        shape("ASK { FILTER(?a < ?b) }").unwrap();
    }

    #[test]
    fn positions_are_lines_and_columns() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("日本", 3), (1, 2));
    }
}
