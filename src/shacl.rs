//! SHACL validation of the store: the Core subset that `ontology/shapes.ttl` uses.
//!
//! Supported: node shapes with `sh:targetClass` (instances of the class or of a subclass, as
//! SHACL defines targets), `sh:property` shapes whose `sh:path` is an IRI or an
//! `sh:inversePath` of one, with `sh:minCount`, `sh:maxCount`, `sh:datatype`, `sh:class` and
//! `sh:nodeKind`, and `sh:or` lists of property shapes that each only require a value
//! (`sh:minCount 1`). Anything else in a shape is an error rather than silently ignored.
//!
//! Each constraint is one SPARQL query over the store (default graph = union of all graphs,
//! like pyshacl on the merged export), so validation scales with the store, not with memory.
//! Results name the focus node, the path, the constraint component (the SHACL names pyshacl
//! reports) and the offending value; they are sorted.
//!
//! ```
//! use diplograph::{build::{build, BuildOptions}, rdf::{Iris, memory_store}, shacl, DataDir};
//! let output = build(&DataDir::new("data"), &BuildOptions::default())?;
//! let store = memory_store(&output.graph, &Iris::default())?;
//! let shapes = shacl::Shapes::parse(shacl::BUNDLED_SHAPES, "ontology/shapes.ttl")?;
//! let report = shacl::validate(&store, &shapes)?;
//! assert!(report.conforms(), "{:?}", report.results);
//! # Ok::<(), diplograph::Error>(())
//! ```

use std::fmt;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Graph, NamedNode, NamedOrBlankNodeRef, Term, TermRef};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Location, Result};
use crate::rdf::vocab::{rdf, rdfs, sh};

/// `ontology/shapes.ttl`, compiled in.
pub const BUNDLED_SHAPES: &str = include_str!("../ontology/shapes.ttl");

/// A property path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Path {
    /// A predicate.
    Predicate(NamedNode),
    /// `sh:inversePath`: the subjects pointing at the focus node.
    Inverse(NamedNode),
}

impl Path {
    fn sparql(&self) -> String {
        match self {
            Self::Predicate(p) => p.to_string(),
            Self::Inverse(p) => format!("^{p}"),
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sparql())
    }
}

/// A property shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyShape {
    /// The path.
    pub path: Path,
    /// `sh:minCount`.
    pub min_count: Option<u64>,
    /// `sh:maxCount`.
    pub max_count: Option<u64>,
    /// `sh:datatype`.
    pub datatype: Option<NamedNode>,
    /// `sh:class`.
    pub class: Option<NamedNode>,
    /// `sh:nodeKind`.
    pub node_kind: Option<NamedNode>,
}

/// A node shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeShape {
    /// The shape's IRI.
    pub id: NamedNode,
    /// `sh:targetClass` values.
    pub target_classes: Vec<NamedNode>,
    /// `sh:property` shapes.
    pub properties: Vec<PropertyShape>,
    /// `sh:or` lists: for each, one of its paths must have a value.
    pub or: Vec<Vec<Path>>,
}

/// The shapes of a shapes graph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shapes {
    /// Node shapes, in IRI order.
    pub shapes: Vec<NodeShape>,
}

/// One violation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ValidationResult {
    /// The focus node (N-Triples form).
    pub focus: String,
    /// The path (SPARQL form), empty for `sh:or`.
    pub path: String,
    /// The constraint component, as pyshacl names it (`MinCountConstraintComponent`).
    pub component: &'static str,
    /// The node shape.
    pub shape: String,
    /// The offending value, when there is one.
    pub value: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// The outcome of a validation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationReport {
    /// Number of focus nodes checked (per shape, summed).
    pub focus_nodes: usize,
    /// Violations, sorted.
    pub results: Vec<ValidationResult>,
}

impl ValidationReport {
    /// True when nothing is violated.
    pub fn conforms(&self) -> bool {
        self.results.is_empty()
    }
}

fn iri(text: &str) -> NamedNode {
    NamedNode::new_unchecked(text)
}

struct ShapeReader<'a> {
    graph: &'a Graph,
    file: &'a str,
}

impl ShapeReader<'_> {
    fn error(&self, node: impl fmt::Display, message: impl fmt::Display) -> Error {
        Error::input(
            Location::file(self.file),
            format!("shape {node}: {message}"),
        )
    }

    fn objects<'b>(
        &'b self,
        subject: NamedOrBlankNodeRef<'b>,
        predicate: &str,
    ) -> Vec<TermRef<'b>> {
        self.graph
            .objects_for_subject_predicate(subject, iri(predicate).as_ref())
            .collect()
    }

    fn named(&self, subject: NamedOrBlankNodeRef<'_>, term: TermRef<'_>) -> Result<NamedNode> {
        match term {
            TermRef::NamedNode(node) => Ok(node.into_owned()),
            other => Err(self.error(subject, format!("expected an IRI, found {other}"))),
        }
    }

    fn one_named(
        &self,
        subject: NamedOrBlankNodeRef<'_>,
        predicate: &str,
    ) -> Result<Option<NamedNode>> {
        match self.objects(subject, predicate).as_slice() {
            [] => Ok(None),
            [one] => self.named(subject, *one).map(Some),
            _ => Err(self.error(subject, format!("more than one <{predicate}>"))),
        }
    }

    fn count(&self, subject: NamedOrBlankNodeRef<'_>, predicate: &str) -> Result<Option<u64>> {
        match self.objects(subject, predicate).as_slice() {
            [] => Ok(None),
            [TermRef::Literal(literal)] => literal
                .value()
                .parse()
                .map(Some)
                .map_err(|_| self.error(subject, format!("<{predicate}> is not an integer"))),
            _ => Err(self.error(subject, format!("expected one integer <{predicate}>"))),
        }
    }

    /// Fail on any predicate outside `allowed`: an unsupported feature must not pass silently.
    fn only(&self, subject: NamedOrBlankNodeRef<'_>, allowed: &[&str]) -> Result<()> {
        for triple in self.graph.triples_for_subject(subject) {
            if !allowed.contains(&triple.predicate.as_str()) {
                return Err(self.error(
                    subject,
                    format!(
                        "unsupported SHACL feature {} (diplograph check implements targetClass, property, path, inversePath, minCount, maxCount, datatype, class, nodeKind, or)",
                        triple.predicate
                    ),
                ));
            }
        }
        Ok(())
    }

    fn path(&self, shape: NamedOrBlankNodeRef<'_>) -> Result<Path> {
        let objects = self.objects(shape, sh::PATH);
        let [path] = objects.as_slice() else {
            return Err(self.error(shape, "a property shape needs exactly one sh:path"));
        };
        match path {
            TermRef::NamedNode(p) => Ok(Path::Predicate(p.into_owned())),
            TermRef::BlankNode(b) => {
                let node = NamedOrBlankNodeRef::BlankNode(*b);
                self.only(node, &[sh::INVERSE_PATH])?;
                let inverse = self.one_named(node, sh::INVERSE_PATH)?.ok_or_else(|| {
                    self.error(shape, "unsupported path (only IRIs and sh:inversePath)")
                })?;
                Ok(Path::Inverse(inverse))
            }
            other => Err(self.error(shape, format!("invalid sh:path {other}"))),
        }
    }

    fn property(&self, shape: NamedOrBlankNodeRef<'_>) -> Result<PropertyShape> {
        self.only(
            shape,
            &[
                sh::PATH,
                sh::MIN_COUNT,
                sh::MAX_COUNT,
                sh::DATATYPE,
                sh::CLASS,
                sh::NODE_KIND,
                rdfs::LABEL,
                rdfs::COMMENT,
            ],
        )?;
        let node_kind = self.one_named(shape, sh::NODE_KIND)?;
        if let Some(kind) = &node_kind
            && ![
                sh::IRI,
                sh::LITERAL,
                sh::BLANK_NODE,
                sh::BLANK_NODE_OR_IRI,
                sh::BLANK_NODE_OR_LITERAL,
                sh::IRI_OR_LITERAL,
            ]
            .contains(&kind.as_str())
        {
            return Err(self.error(shape, format!("unknown sh:nodeKind {kind}")));
        }
        Ok(PropertyShape {
            path: self.path(shape)?,
            min_count: self.count(shape, sh::MIN_COUNT)?,
            max_count: self.count(shape, sh::MAX_COUNT)?,
            datatype: self.one_named(shape, sh::DATATYPE)?,
            class: self.one_named(shape, sh::CLASS)?,
            node_kind,
        })
    }

    fn list<'b>(&'b self, mut node: TermRef<'b>) -> Result<Vec<TermRef<'b>>> {
        let mut items = Vec::new();
        while node != TermRef::NamedNode(iri(rdf::NIL).as_ref()) {
            let subject = match node {
                TermRef::NamedNode(n) => NamedOrBlankNodeRef::NamedNode(n),
                TermRef::BlankNode(b) => NamedOrBlankNodeRef::BlankNode(b),
                other => return Err(self.error(other, "not an RDF list")),
            };
            match (
                self.objects(subject, rdf::FIRST).as_slice(),
                self.objects(subject, rdf::REST).as_slice(),
            ) {
                ([first], [rest]) if items.len() < 1000 => {
                    items.push(*first);
                    node = *rest;
                }
                _ => return Err(self.error(subject, "not a well-formed RDF list")),
            }
        }
        Ok(items)
    }

    fn node_shape(&self, id: NamedNode) -> Result<NodeShape> {
        let subject = NamedOrBlankNodeRef::NamedNode(id.as_ref());
        self.only(
            subject,
            &[
                rdf::TYPE,
                sh::TARGET_CLASS,
                sh::PROPERTY,
                sh::OR,
                rdfs::LABEL,
                rdfs::COMMENT,
            ],
        )?;
        let target_classes = self
            .objects(subject, sh::TARGET_CLASS)
            .into_iter()
            .map(|t| self.named(subject, t))
            .collect::<Result<Vec<_>>>()?;
        let mut properties = Vec::new();
        for property in self.objects(subject, sh::PROPERTY) {
            let node = match property {
                TermRef::NamedNode(n) => NamedOrBlankNodeRef::NamedNode(n),
                TermRef::BlankNode(b) => NamedOrBlankNodeRef::BlankNode(b),
                other => return Err(self.error(subject, format!("invalid sh:property {other}"))),
            };
            properties.push(self.property(node)?);
        }
        // Deterministic order whatever the parser's blank node labels.
        properties.sort_by_key(|p| p.path.to_string());
        let mut or = Vec::new();
        for list in self.objects(subject, sh::OR) {
            let mut alternatives = Vec::new();
            for member in self.list(list)? {
                let TermRef::BlankNode(b) = member else {
                    return Err(self.error(subject, "sh:or members must be property shapes"));
                };
                let member = self.property(NamedOrBlankNodeRef::BlankNode(b))?;
                let simple = PropertyShape {
                    path: member.path.clone(),
                    min_count: Some(1),
                    max_count: None,
                    datatype: None,
                    class: None,
                    node_kind: None,
                };
                if member != simple {
                    return Err(self.error(
                        subject,
                        "sh:or members may only say `sh:path ...; sh:minCount 1`",
                    ));
                }
                alternatives.push(member.path);
            }
            or.push(alternatives);
        }
        or.sort_by_key(|paths| paths.iter().map(ToString::to_string).collect::<Vec<_>>());
        Ok(NodeShape {
            id,
            target_classes,
            properties,
            or,
        })
    }
}

impl Shapes {
    /// Parse a Turtle shapes graph; `file` names it in errors.
    pub fn parse(turtle: &str, file: &str) -> Result<Self> {
        let mut graph = Graph::new();
        for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
            let triple = triple.map_err(|e| Error::input(Location::file(file), e.to_string()))?;
            graph.insert(oxigraph::model::TripleRef::from(triple.as_ref()));
        }
        let reader = ShapeReader {
            graph: &graph,
            file,
        };
        let mut ids: Vec<NamedNode> = Vec::new();
        for subject in graph
            .subjects_for_predicate_object(iri(rdf::TYPE).as_ref(), iri(sh::NODE_SHAPE).as_ref())
        {
            match subject {
                NamedOrBlankNodeRef::NamedNode(n) => ids.push(n.into_owned()),
                other => return Err(reader.error(other, "node shapes must be IRIs")),
            }
        }
        ids.sort();
        let shapes = ids
            .into_iter()
            .map(|id| reader.node_shape(id))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self { shapes })
    }
}

fn select(store: &Store, query: &str) -> Result<Vec<Vec<Option<Term>>>> {
    let mut prepared = SparqlEvaluator::new()
        .parse_query(query)
        .map_err(|e| Error::query(format!("{e} in generated query {query}")).caused_by(e))?;
    prepared.dataset_mut().set_default_graph_as_union();
    let results = prepared
        .on_store(store)
        .execute()
        .map_err(|e| Error::query(e.to_string()).caused_by(e))?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(Error::query("expected solutions".to_owned()));
    };
    let variables = solutions.variables().to_vec();
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| Error::query(e.to_string()).caused_by(e))?;
        rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
    }
    Ok(rows)
}

fn term_text(term: Option<&Term>) -> String {
    term.map(ToString::to_string).unwrap_or_default()
}

/// Validate the store (default graph = union of its graphs) against `shapes`.
pub fn validate(store: &Store, shapes: &Shapes) -> Result<ValidationReport> {
    let mut report = ValidationReport::default();
    let type_path = format!("<{}>/<{}>*", rdf::TYPE, rdfs::SUB_CLASS_OF);
    for shape in &shapes.shapes {
        for class in &shape.target_classes {
            let target = format!("?f {type_path} {class} .");
            let count = select(
                store,
                &format!("SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{ {target} }}"),
            )?;
            report.focus_nodes += count
                .first()
                .and_then(|row| row.first().cloned().flatten())
                .and_then(|t| match t {
                    Term::Literal(l) => l.value().parse().ok(),
                    _ => None,
                })
                .unwrap_or(0);
            let mut result =
                |row: &[Option<Term>], path: &str, component: &'static str, message: String| {
                    report.results.push(ValidationResult {
                        focus: term_text(row.first().and_then(Option::as_ref)),
                        path: path.to_owned(),
                        component,
                        shape: shape.id.to_string(),
                        value: row.get(1).and_then(Option::as_ref).map(ToString::to_string),
                        message,
                    });
                };
            for property in &shape.properties {
                let path = property.path.sparql();
                if let Some(min) = property.min_count {
                    let query = format!(
                        "SELECT ?f WHERE {{ {{ SELECT DISTINCT ?f WHERE {{ {target} }} }} OPTIONAL {{ ?f {path} ?v }} }} GROUP BY ?f HAVING (COUNT(DISTINCT ?v) < {min})"
                    );
                    for row in select(store, &query)? {
                        result(
                            &row[..1],
                            &path,
                            "MinCountConstraintComponent",
                            format!("less than {min} values"),
                        );
                    }
                }
                if let Some(max) = property.max_count {
                    let query = format!(
                        "SELECT ?f WHERE {{ {{ SELECT DISTINCT ?f WHERE {{ {target} }} }} ?f {path} ?v }} GROUP BY ?f HAVING (COUNT(DISTINCT ?v) > {max})"
                    );
                    for row in select(store, &query)? {
                        result(
                            &row[..1],
                            &path,
                            "MaxCountConstraintComponent",
                            format!("more than {max} values"),
                        );
                    }
                }
                let mut value_check = |filter: String,
                                       component: &'static str,
                                       message: String|
                 -> Result<()> {
                    let query = format!(
                        "SELECT DISTINCT ?f ?v WHERE {{ {{ SELECT DISTINCT ?f WHERE {{ {target} }} }} ?f {path} ?v . FILTER({filter}) }}"
                    );
                    for row in select(store, &query)? {
                        result(&row, &path, component, message.clone());
                    }
                    Ok(())
                };
                if let Some(datatype) = &property.datatype {
                    value_check(
                        format!("!isLiteral(?v) || datatype(?v) != {datatype}"),
                        "DatatypeConstraintComponent",
                        format!("value is not a literal of datatype {datatype}"),
                    )?;
                }
                if let Some(class) = &property.class {
                    value_check(
                        format!("NOT EXISTS {{ ?v {type_path} {class} }}"),
                        "ClassConstraintComponent",
                        format!("value is not an instance of {class}"),
                    )?;
                }
                if let Some(kind) = &property.node_kind {
                    let filter = match kind.as_str() {
                        sh::IRI => "!isIRI(?v)",
                        sh::LITERAL => "!isLiteral(?v)",
                        sh::BLANK_NODE => "!isBlank(?v)",
                        sh::BLANK_NODE_OR_IRI => "isLiteral(?v)",
                        sh::BLANK_NODE_OR_LITERAL => "isIRI(?v)",
                        _ => "isBlank(?v)",
                    };
                    value_check(
                        filter.to_owned(),
                        "NodeKindConstraintComponent",
                        format!("value is not of node kind {kind}"),
                    )?;
                }
            }
            for alternatives in &shape.or {
                let none = alternatives
                    .iter()
                    .map(|p| format!("NOT EXISTS {{ ?f {} ?any }}", p.sparql()))
                    .collect::<Vec<_>>()
                    .join(" && ");
                let query = format!("SELECT DISTINCT ?f WHERE {{ {target} FILTER({none}) }}");
                let alternatives = alternatives
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" or ");
                for row in select(store, &query)? {
                    result(
                        &row[..1],
                        "",
                        "OrConstraintComponent",
                        format!("no value for any of {alternatives}"),
                    );
                }
            }
        }
    }
    report.results.sort();
    report.results.dedup();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphNameRef, QuadRef};

    const EX: &str = "http://example.org/";

    fn store(triples: &[(&str, &str, &str)]) -> Store {
        let store = Store::new().unwrap();
        let graph = iri(&format!("{EX}g"));
        for (s, p, o) in triples {
            let (s, p) = (iri(&format!("{EX}{s}")), iri(p));
            let o: Term = match o.strip_prefix('"') {
                Some(text) => oxigraph::model::Literal::new_simple_literal(text).into(),
                None => iri(&format!("{EX}{o}")).into(),
            };
            store
                .insert(QuadRef::new(
                    &s,
                    &p,
                    &o,
                    GraphNameRef::NamedNode(graph.as_ref()),
                ))
                .unwrap();
        }
        store
    }

    const SHAPES: &str = r#"
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ] ,
                        [ sh:path [ sh:inversePath ex:knows ] ; sh:minCount 1 ; sh:class ex:C ] ;
            sh:or ( [ sh:path ex:a ; sh:minCount 1 ] [ sh:path ex:b ; sh:minCount 1 ] ) .
    "#;

    #[test]
    fn reports_each_component_on_its_focus_node() {
        let ty = rdf::TYPE;
        let store = store(&[
            ("good", ty, "C"),
            ("good", &format!("{EX}name"), "\"x"),
            ("good", &format!("{EX}a"), "z"),
            ("other", ty, "C"),
            ("other", &format!("{EX}knows"), "good"),
            ("good", &format!("{EX}knows"), "other"),
            ("other", &format!("{EX}name"), "\"p"),
            ("other", &format!("{EX}name"), "q"),
            ("other", &format!("{EX}b"), "z"),
            ("stranger", &format!("{EX}knows"), "lonely"),
            ("lonely", ty, "C"),
        ]);
        let shapes = Shapes::parse(SHAPES, "shapes.ttl").unwrap();
        let report = validate(&store, &shapes).unwrap();
        let found: Vec<(String, &str)> = report
            .results
            .iter()
            .map(|r| (r.focus.replace(EX, ""), r.component))
            .collect();
        assert_eq!(
            found,
            [
                // Sorted by focus node, then path (`sh:or` has none).
                ("<lonely>".to_owned(), "OrConstraintComponent"),
                ("<lonely>".to_owned(), "MinCountConstraintComponent"),
                ("<lonely>".to_owned(), "ClassConstraintComponent"),
                ("<other>".to_owned(), "DatatypeConstraintComponent"),
                ("<other>".to_owned(), "MaxCountConstraintComponent"),
            ]
        );
        assert_eq!(report.focus_nodes, 3);
    }

    #[test]
    fn unsupported_features_are_errors() {
        let shapes = SHAPES.replace("sh:minCount 1 ; sh:maxCount 1", "sh:pattern \"x\"");
        let err = Shapes::parse(&shapes, "s.ttl").unwrap_err().to_string();
        assert!(err.contains("unsupported SHACL feature"), "{err}");
        assert!(Shapes::parse("not turtle", "s.ttl").is_err());
    }

    #[test]
    fn bundled_shapes_parse() {
        let shapes = Shapes::parse(BUNDLED_SHAPES, "ontology/shapes.ttl").unwrap();
        assert_eq!(shapes.shapes.len(), 5);
    }
}
