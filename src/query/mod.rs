//! SPARQL over the store: parse with predeclared prefixes, evaluate, serialise results.
//!
//! By default the query's default graph is the union of all named graphs (every statement
//! lives in the named graph of its source document), so analysts need no `GRAPH` clause;
//! `GRAPH ?g { ... }` still reaches the per-document graphs for provenance.

use std::io::Write;
use std::time::Duration;

use oxigraph::model::{Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::rdf::Iris;
use crate::rdf::syntax::{display_term, prefixes, rdf_serializer};
use crate::text::{columns, pad};

mod diagnose;
pub mod guard;

pub use crate::rdf::syntax::GraphFormat;
pub use diagnose::{empty_result_hints, error_status};
pub(crate) use guard::Budget;
use guard::{Guard, OVER_BUDGET};
pub use guard::{QUERY_STACK_SIZE, QueryLimits, check_shape};

/// How to print SELECT/ASK results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// An aligned text table with prefixed names (for people).
    Table,
    /// SPARQL 1.1 CSV.
    Csv,
    /// SPARQL 1.1 TSV.
    Tsv,
    /// SPARQL 1.1 JSON.
    Json,
    /// SPARQL XML.
    Xml,
}

/// Options of a query run.
#[derive(Debug, Clone)]
pub struct QueryConfig {
    /// Make the default graph the union of all graphs (default: true).
    pub union_default_graph: bool,
    /// Base IRI of the data, predeclared as prefix `d:` and `id:` (`{base}id/`).
    pub base: Iris,
    /// Stop evaluation after this long.
    pub timeout: Option<Duration>,
    /// Stop after this many solutions or triples (reported as [`Error::Query`]).
    pub max_results: Option<usize>,
    /// Refuse results larger than this many bytes.
    pub max_output: Option<usize>,
    /// How large the query and the strings it makes may be.
    pub limits: QueryLimits,
}

impl Default for QueryConfig {
    fn default() -> Self {
        Self {
            union_default_graph: true,
            base: Iris::default(),
            timeout: None,
            max_results: None,
            max_output: None,
            limits: QueryLimits::default(),
        }
    }
}

/// What kind of result a query produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// SELECT.
    Solutions,
    /// ASK.
    Boolean,
    /// CONSTRUCT / DESCRIBE.
    Graph,
}

fn evaluator(config: &QueryConfig, token: &CancellationToken) -> Result<SparqlEvaluator> {
    let mut evaluator = SparqlEvaluator::new().with_cancellation_token(token.clone());
    for (prefix, iri) in prefixes(&config.base) {
        evaluator = evaluator
            .with_prefix(&prefix, &iri)
            .map_err(|e| Error::query(format!("invalid prefix `{prefix}`: {e}")).caused_by(e))?;
    }
    Ok(evaluator)
}

/// What a query run produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// What kind of result it was.
    pub kind: QueryKind,
    /// Solutions or triples written (1 for a true ASK, 0 for a false one).
    pub count: usize,
}

/// Evaluate `query` and write the results to `out`: solutions and booleans in
/// `result_format`, graphs in `graph_format`. Returns which kind it was.
///
/// The query is checked against `config.limits` before it is parsed and evaluated on a
/// thread of its own with a large stack (see [`guard`]); a panic while evaluating is an
/// error, not the end of the process.
pub fn run(
    store: &Store,
    query: &str,
    config: &QueryConfig,
    result_format: ResultFormat,
    graph_format: GraphFormat,
    out: &mut dyn Write,
) -> Result<QueryKind> {
    execute(store, query, config, result_format, graph_format, out).map(|o| o.kind)
}

/// [`run`], also saying how many results were written.
pub fn execute(
    store: &Store,
    query: &str,
    config: &QueryConfig,
    result_format: ResultFormat,
    graph_format: GraphFormat,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let mut body = Vec::new();
    let budget = Budget::new(CancellationToken::new(), &config.limits);
    let outcome = std::thread::scope(|scope| {
        let evaluation = std::thread::Builder::new()
            .name("diplograph-query".to_owned())
            .stack_size(QUERY_STACK_SIZE)
            .spawn_scoped(scope, || {
                run_on_this_thread(
                    store,
                    query,
                    config,
                    result_format,
                    graph_format,
                    &mut body,
                    &budget,
                )
            })
            .map_err(|e| Error::query(format!("cannot start a query thread: {e}")).caused_by(e))?;
        evaluation.join().unwrap_or_else(|_| Err(panicked()))
    })?;
    out.write_all(&body)
        .map_err(|e| Error::query(format!("writing results: {e}")).caused_by(e))?;
    Ok(outcome)
}

/// The error for a query whose evaluation panicked.
pub(crate) fn panicked() -> Error {
    Error::query("internal error: the query evaluation stopped unexpectedly (a bug: please report the query)".to_owned())
}

/// [`execute`] on the calling thread, which must have a stack of [`QUERY_STACK_SIZE`];
/// tripping `budget` (or cancelling its token) stops the query. Used by the endpoint, which runs each query on a
/// thread of its own.
pub(crate) fn run_on_this_thread(
    store: &Store,
    query: &str,
    config: &QueryConfig,
    result_format: ResultFormat,
    graph_format: GraphFormat,
    out: &mut Vec<u8>,
    budget: &Budget,
) -> Result<Outcome> {
    let token = budget.token();
    guard::check_shape(query, &config.limits)?;
    let mut parsed = parse(query, config)?;
    let guard = Guard::rewrite(&mut parsed, store)?;
    let mut prepared = guard
        .register(evaluator(config, token)?, budget)
        .for_query(parsed);
    if config.union_default_graph && prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let _watchdog = config
        .timeout
        .map(|timeout| Watchdog::start(token.clone(), timeout));
    let fail = |message: &str| match budget.tripped() {
        Some(reason) => Error::query(reason),
        None => evaluation_error(message, config, token),
    };
    let results = prepared
        .on_store(store)
        .execute()
        .map_err(|e| failed(&fail, e))?;
    let outcome = write_results(
        results,
        config,
        result_format,
        graph_format,
        out,
        token,
        &fail,
    )?;
    // A guarded function that refused to make a string returned no value: the results may
    // be wrong, so they are not given.
    if let Some(reason) = budget.tripped() {
        return Err(Error::query(reason));
    }
    if token.is_cancelled() {
        return Err(fail("cancelled"));
    }
    Ok(outcome)
}

/// Parse with the predeclared prefixes; syntax errors say where, with a caret.
fn parse(query: &str, config: &QueryConfig) -> Result<spargebra::Query> {
    let mut parser = spargebra::SparqlParser::new();
    for (prefix, iri) in prefixes(&config.base) {
        parser = parser
            .with_prefix(prefix.as_str(), iri.as_str())
            .map_err(|e| Error::query(format!("invalid prefix `{prefix}`: {e}")).caused_by(e))?;
    }
    parser.parse_query(query).map_err(|e| {
        Error::query(diagnose::syntax_message(
            query,
            &e.to_string(),
            &config.base,
        ))
    })
}

fn write_results(
    results: QueryResults<'_>,
    config: &QueryConfig,
    result_format: ResultFormat,
    graph_format: GraphFormat,
    out: &mut Vec<u8>,
    token: &CancellationToken,
    fail: &dyn Fn(&str) -> Error,
) -> Result<Outcome> {
    let max_output = config.max_output;
    let too_large = || {
        Error::query(format!(
            "{OVER_BUDGET}the results are larger than {} bytes: add a LIMIT or select fewer \
             or shorter values",
            max_output.unwrap_or(0)
        ))
    };
    let io = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::FileTooLarge {
            too_large()
        } else {
            Error::query(format!("writing results: {e}")).caused_by(e)
        }
    };
    let out = &mut Limited {
        out,
        max: max_output,
    };
    match results {
        QueryResults::Boolean(value) => {
            match result_format {
                ResultFormat::Table => writeln!(out, "{value}").map_err(io)?,
                other => {
                    QueryResultsSerializer::from_format(results_format(other))
                        .serialize_boolean_to_writer(&mut *out, value)
                        .map_err(io)?;
                }
            }
            Ok(Outcome {
                kind: QueryKind::Boolean,
                count: usize::from(value),
            })
        }
        QueryResults::Solutions(solutions) => {
            let variables: Vec<Variable> = solutions.variables().to_vec();
            let mut rows = Vec::new();
            let mut bytes = 0usize;
            for solution in solutions {
                let solution = solution.map_err(|e| failed(fail, e))?;
                if token.is_cancelled() {
                    return Err(fail("cancelled"));
                }
                if config.max_results.is_some_and(|max| rows.len() >= max) {
                    return Err(Error::query(format!(
                        "more than {} results: add a LIMIT or narrow the query",
                        rows.len()
                    )));
                }
                let row = variables
                    .iter()
                    .map(|v| solution.get(v).cloned())
                    .collect::<Vec<Option<Term>>>();
                bytes += row.iter().flatten().map(term_size).sum::<usize>();
                if max_output.is_some_and(|max| bytes > max) {
                    return Err(too_large());
                }
                rows.push(row);
            }
            match result_format {
                ResultFormat::Table => {
                    write_table(&variables, &rows, &config.base, out).map_err(io)?
                }
                other => {
                    let mut serializer = QueryResultsSerializer::from_format(results_format(other))
                        .serialize_solutions_to_writer(&mut *out, variables.clone())
                        .map_err(io)?;
                    for row in &rows {
                        serializer
                            .serialize(
                                variables.iter().zip(row).filter_map(|(v, t)| {
                                    t.as_ref().map(|t| (v.as_ref(), t.as_ref()))
                                }),
                            )
                            .map_err(io)?;
                    }
                    serializer.finish().map_err(io)?;
                }
            }
            Ok(Outcome {
                kind: QueryKind::Solutions,
                count: rows.len(),
            })
        }
        QueryResults::Graph(triples) => {
            let mut serializer = rdf_serializer(graph_format, &config.base)?.for_writer(&mut *out);
            let mut count = 0usize;
            for triple in triples {
                let triple = triple.map_err(|e| failed(fail, e))?;
                if token.is_cancelled() {
                    return Err(fail("cancelled"));
                }
                count += 1;
                if config.max_results.is_some_and(|max| count > max) {
                    return Err(Error::query(format!(
                        "more than {} triples: narrow the query",
                        count - 1
                    )));
                }
                serializer.serialize_triple(&triple).map_err(io)?;
            }
            serializer.finish().map_err(io)?;
            Ok(Outcome {
                kind: QueryKind::Graph,
                count,
            })
        }
    }
}

/// Bytes a term takes in a result, about.
fn term_size(term: &Term) -> usize {
    match term {
        Term::NamedNode(node) => node.as_str().len(),
        Term::BlankNode(node) => node.as_str().len(),
        Term::Literal(literal) => literal.value().len() + 16,
        #[allow(unreachable_patterns)]
        _ => 64,
    }
}

/// A writer into a buffer that refuses to grow it past `max` bytes (with
/// [`std::io::ErrorKind::FileTooLarge`]).
struct Limited<'a> {
    out: &'a mut Vec<u8>,
    max: Option<usize>,
}

impl Write for Limited<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.max.is_some_and(|max| self.out.len() + buf.len() > max) {
            return Err(std::io::ErrorKind::FileTooLarge.into());
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `fail` for the evaluation error `e`, which stays its cause when the message is its text
/// (not when the budget or the timeout speaks instead).
fn failed(
    fail: &dyn Fn(&str) -> Error,
    e: impl std::error::Error + Send + Sync + 'static,
) -> Error {
    let text = e.to_string();
    let error = fail(&text);
    if error.message() == Some(text.as_str()) {
        error.caused_by(e)
    } else {
        error
    }
}

fn evaluation_error(message: &str, config: &QueryConfig, token: &CancellationToken) -> Error {
    if (token.is_cancelled() || message.to_lowercase().contains("cancel"))
        && let Some(timeout) = config.timeout
    {
        return Error::query(format!(
            "the query took longer than {} s and was stopped: narrow it or add a LIMIT",
            timeout.as_secs_f64()
        ));
    }
    Error::query(message.to_owned())
}

fn results_format(format: ResultFormat) -> QueryResultsFormat {
    match format {
        ResultFormat::Csv => QueryResultsFormat::Csv,
        ResultFormat::Tsv => QueryResultsFormat::Tsv,
        ResultFormat::Xml => QueryResultsFormat::Xml,
        ResultFormat::Json | ResultFormat::Table => QueryResultsFormat::Json,
    }
}

/// Cancels a query when dropped late: a thread that fires the token after `timeout`.
struct Watchdog {
    done: std::sync::Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>,
}

impl Watchdog {
    fn start(token: CancellationToken, timeout: Duration) -> Self {
        let done = std::sync::Arc::new((std::sync::Mutex::new(false), std::sync::Condvar::new()));
        let shared = done.clone();
        std::thread::spawn(move || {
            let (lock, condvar) = &*shared;
            let guard = lock
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let (guard, result) = condvar
                .wait_timeout_while(guard, timeout, |finished| !*finished)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if result.timed_out() && !*guard {
                token.cancel();
            }
        });
        Self { done }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let (lock, condvar) = &*self.done;
        *lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = true;
        condvar.notify_all();
    }
}

fn write_table(
    variables: &[Variable],
    rows: &[Vec<Option<Term>>],
    base: &Iris,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|t| {
                    t.as_ref()
                        .map(|t| display_term(t, base).replace(['\n', '\r', '\t'], " "))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| columns(h)).collect();
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(columns(cell));
        }
    }
    let line = |out: &mut dyn Write, row: &[String]| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            if i + 1 < row.len() {
                text.push_str(&pad(cell, *width));
            } else {
                text.push_str(cell);
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, &header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("-+-"))?;
    for row in &cells {
        line(out, row)?;
    }
    writeln!(
        out,
        "({} row{})",
        cells.len(),
        if cells.len() == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    #[test]
    fn table_columns_line_up_by_display_width() {
        let variables = [Variable::new_unchecked("ja"), Variable::new_unchecked("en")];
        let row = |ja: &str, en: &str| {
            vec![
                Some(Term::from(Literal::new_language_tagged_literal_unchecked(
                    ja, "ja",
                ))),
                Some(Term::from(Literal::new_simple_literal(en))),
            ]
        };
        let rows = [
            row("日本", "Japan"),
            row("日米サイバー対話", "Japan-U.S. Cyber Dialogue"),
            row("ｻｲﾊﾞｰ", "half-width"),
            // outside the Basic Multilingual Plane (𠮷野家), and a combining voiced mark
            row("𠮷野家", "Yoshinoya"),
            row("か\u{3099}", "ga"),
        ];
        let mut out = Vec::new();
        let base: Iris = "https://example.org/".parse().unwrap();
        write_table(&variables, &rows, &base, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2], "日本             | Japan", "{text}");
        assert_eq!(lines[5], "𠮷野家           | Yoshinoya", "{text}");
        // The separator sits at the same display column on every line.
        let column = |line: &str| columns(&line[..line.find(" | ").unwrap()]);
        for line in [lines[0], lines[2], lines[3], lines[4], lines[5], lines[6]] {
            assert_eq!(column(line), 16, "{text}");
        }
        assert_eq!(
            lines[1].find("-+-").map(|at| columns(&lines[1][..at])),
            Some(16)
        );
    }
}
