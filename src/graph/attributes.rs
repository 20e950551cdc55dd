//! The attributes of nodes and edges, with their names and types in every export format
//! (the wire format in the parent module's doc), and their values.

use std::borrow::Cow;
use std::fmt;

use super::{Edge, Node};
use crate::model::{EntityId, EventType, PartialDate};

/// The type of an attribute value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// `true` / `false`.
    Boolean,
    /// A 64-bit integer.
    Int,
    /// A 64-bit float.
    Double,
    /// Text.
    String,
}

/// An attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Double(f64),
    /// Text.
    Str(Cow<'a, str>),
}

impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(b) => write!(f, "{b}"),
            Self::Int(i) => write!(f, "{i}"),
            // Shortest text that parses back to the same f64; never exponent notation.
            Self::Double(x) => write!(f, "{x}"),
            Self::Str(s) => f.write_str(s),
        }
    }
}

impl Value<'_> {
    /// The value as text: borrowed for strings, written into `buf` otherwise.
    pub fn as_text<'b>(&'b self, buf: &'b mut String) -> &'b str {
        use std::fmt::Write as _;
        match self {
            Self::Str(s) => s,
            other => {
                buf.clear();
                // Writing into a String cannot fail.
                let _ = write!(buf, "{other}");
                buf
            }
        }
    }
}

macro_rules! attrs {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = ($label:literal, $kind:ident)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every attribute, in output order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The attribute's name in every format.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),+
                }
            }

            /// The attribute's type.
            pub fn kind(self) -> AttrType {
                match self {
                    $(Self::$variant => AttrType::$kind),+
                }
            }
        }
    };
}

attrs!(
    /// The node attributes (see the module doc).
    NodeAttr {
        /// English label.
        Label = ("label", String),
        /// Japanese label.
        LabelJa = ("label_ja", String),
        /// Entity type.
        Type = ("type", String),
        /// Event type.
        EventType = ("event_type", String),
        /// Wikidata QID.
        Wikidata = ("wikidata", String),
        /// IRI.
        Iri = ("iri", String),
        /// Country slug.
        Country = ("country", String),
        /// Provisional flag.
        Provisional = ("provisional", Boolean),
        /// Earliest date.
        FirstDate = ("first_date", String),
        /// Latest date.
        LastDate = ("last_date", String),
        /// Degree.
        Degree = ("degree", Int),
        /// In-degree.
        InDegree = ("in_degree", Int),
        /// Out-degree.
        OutDegree = ("out_degree", Int),
        /// PageRank.
        PageRank = ("pagerank", Double),
        /// Betweenness.
        Betweenness = ("betweenness", Double),
        /// Component.
        Component = ("component", Int),
    }
);

attrs!(
    /// The edge attributes (see the module doc).
    EdgeAttr {
        /// Predicate.
        Predicate = ("predicate", String),
        /// Label.
        Label = ("label", String),
        /// Earliest date.
        Date = ("date", String),
        /// Latest date.
        EndDate = ("end_date", String),
        /// Supporting statements.
        Weight = ("weight", Int),
        /// Highest confidence.
        Confidence = ("confidence", Double),
        /// Source documents.
        Documents = ("documents", String),
    }
);

fn count(n: usize) -> Value<'static> {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn text(s: &str) -> Value<'_> {
    Value::Str(Cow::Borrowed(s))
}

fn date(d: PartialDate) -> Value<'static> {
    Value::Str(Cow::Owned(d.to_string()))
}

fn push_date(out: &mut String, date: Option<PartialDate>) -> bool {
    use std::fmt::Write as _;
    match date {
        // Writing into a String cannot fail.
        Some(d) => write!(out, "{d}").is_ok(),
        None => false,
    }
}

fn push_str(out: &mut String, text: Option<&str>) -> bool {
    match text {
        Some(t) => {
            out.push_str(t);
            true
        }
        None => false,
    }
}

fn push_display(out: &mut String, value: impl fmt::Display) -> bool {
    use std::fmt::Write as _;
    // Writing into a String cannot fail.
    write!(out, "{value}").is_ok()
}

impl NodeAttr {
    /// Append the attribute's text on `node` to `out` (what [`NodeAttr::value`] displays,
    /// without allocating); false when absent.
    pub fn write_text(self, node: &Node, out: &mut String) -> bool {
        let m = &node.metrics;
        match self {
            Self::Label => push_str(out, Some(&node.label)),
            Self::LabelJa => push_str(out, node.label_ja.as_deref()),
            Self::Type => push_str(out, Some(node.kind.name())),
            Self::EventType => push_str(out, node.event_type.map(EventType::name)),
            Self::Wikidata => push_str(out, node.wikidata.as_deref()),
            Self::Iri => push_str(out, Some(&node.iri)),
            Self::Country => push_str(out, node.country.as_ref().map(EntityId::as_str)),
            Self::Provisional => push_display(out, node.provisional),
            Self::FirstDate => push_date(out, node.first_date),
            Self::LastDate => push_date(out, node.last_date),
            Self::Degree => push_display(out, node.degree()),
            Self::InDegree => push_display(out, m.in_degree),
            Self::OutDegree => push_display(out, m.out_degree),
            Self::PageRank => m.pagerank.is_some_and(|x| push_display(out, x)),
            Self::Betweenness => m.betweenness.is_some_and(|x| push_display(out, x)),
            Self::Component => m.component.is_some_and(|x| push_display(out, x)),
        }
    }

    /// The attribute's value on `node` (`None` = absent).
    pub fn value(self, node: &Node) -> Option<Value<'_>> {
        let m = &node.metrics;
        match self {
            Self::Label => Some(text(&node.label)),
            Self::LabelJa => node.label_ja.as_deref().map(text),
            Self::Type => Some(text(node.kind.name())),
            Self::EventType => node.event_type.map(|t| text(t.name())),
            Self::Wikidata => node.wikidata.as_deref().map(text),
            Self::Iri => Some(text(&node.iri)),
            Self::Country => node.country.as_ref().map(|c| text(c.as_str())),
            Self::Provisional => Some(Value::Bool(node.provisional)),
            Self::FirstDate => node.first_date.map(date),
            Self::LastDate => node.last_date.map(date),
            Self::Degree => Some(count(node.degree())),
            Self::InDegree => Some(count(m.in_degree)),
            Self::OutDegree => Some(count(m.out_degree)),
            Self::PageRank => m.pagerank.map(Value::Double),
            Self::Betweenness => m.betweenness.map(Value::Double),
            Self::Component => m.component.map(count),
        }
    }
}

impl EdgeAttr {
    /// Append the attribute's text on `edge` to `out` (what [`EdgeAttr::value`] displays,
    /// without allocating); false when absent.
    pub fn write_text(self, edge: &Edge, out: &mut String) -> bool {
        match self {
            Self::Predicate => push_str(out, Some(&edge.predicate)),
            Self::Label => push_str(out, Some(&edge.label)),
            Self::Date => push_date(out, edge.date()),
            Self::EndDate => push_date(out, edge.end_date()),
            Self::Weight => push_display(out, edge.weight),
            Self::Confidence => push_display(out, edge.confidence),
            Self::Documents => {
                for (i, document) in edge.documents.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    out.push_str(document);
                }
                true
            }
        }
    }

    /// The attribute's value on `edge` (`None` = absent).
    pub fn value(self, edge: &Edge) -> Option<Value<'_>> {
        match self {
            Self::Predicate => Some(text(&edge.predicate)),
            Self::Label => Some(text(&edge.label)),
            Self::Date => edge.date().map(date),
            Self::EndDate => edge.end_date().map(date),
            Self::Weight => Some(Value::Int(i64::try_from(edge.weight).unwrap_or(i64::MAX))),
            Self::Confidence => Some(Value::Double(edge.confidence)),
            Self::Documents => Some(Value::Str(Cow::Owned(edge.documents.join("|")))),
        }
    }
}

/// The predicate name in words: `participatedIn` → `participated in`,
/// `other:based-on` → `based on`.
pub fn predicate_words(name: &str) -> String {
    let name = name.strip_prefix("other:").unwrap_or(name);
    let mut words = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            words.push(' ');
            words.push(c.to_ascii_lowercase());
        } else if c == '-' {
            words.push(' ');
        } else {
            words.push(c);
        }
    }
    words
}
