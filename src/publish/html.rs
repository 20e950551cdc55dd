//! The HTML pages: one hand-written renderer for `serve` and `publish`.
//!
//! Pages are plain HTML5 with an inline style sheet: no script, no external asset, no CDN, so
//! a page works offline, from `file://` and behind any static web server. Every piece of text
//! from the data goes through [`escape`]; links are only made to pages of the site, to
//! external `http(s)` IRIs, and never from a literal that is not an `http(s)` URL.
//!
//! Link styles ([`Mode`]): the server links to paths that are the IRIs' own paths (`/id/japan`,
//! content-negotiated), a static site links to files relative to the page (`../id/japan.html`),
//! so it can be hosted under any path.

use std::fmt::Write as _;

use oxigraph::model::Term;

use super::svg;
use super::view::{
    Evidence, IndexEntry, LinkGroup, Named, ResourceView, Stats, TimelineKind, Value, page_path,
};
use crate::rdf::Iris;
use crate::rdf::syntax::display_term;
use crate::rdf::vocab::xsd;

/// The query shown on the query page before anything was asked.
pub const EXAMPLE_QUERY: &str = "# Events Japan took part in, by date\n\
SELECT DISTINCT ?event ?label ?date WHERE {\n  \
  id:japan dg:participatedIn ?event .\n  \
  ?event rdfs:label ?label ; dg:date ?date .\n  \
  FILTER(lang(?label) = \"en\")\n\
}\nORDER BY ?date\nLIMIT 50\n";

/// Short questions offered as links under the query form: (question, query).
pub const EXAMPLE_QUESTIONS: &[(&str, &str)] = &[
    (
        "Which working groups were established, by whom?",
        "SELECT DISTINCT ?group ?by WHERE {\n  ?s dg:established ?g .\n  ?g a dg:WorkingGroup ; rdfs:label ?group .\n  ?s rdfs:label ?by .\n  FILTER(lang(?group) = \"en\" && lang(?by) = \"en\")\n}\nORDER BY ?group",
    ),
    (
        "Sessions of the Japan-U.S. Cyber Dialogue",
        "SELECT DISTINCT ?session ?date WHERE {\n  ?s dg:partOf id:japan-us-cyber-dialogue ; rdfs:label ?session ; dg:date ?date .\n  FILTER(lang(?session) = \"en\")\n}\nORDER BY ?date",
    ),
    (
        "Events per year",
        "SELECT ?year (COUNT(DISTINCT ?e) AS ?events) WHERE {\n  ?e a dg:Event ; dg:startDate ?d .\n  BIND(year(?d) AS ?year)\n}\nGROUP BY ?year ORDER BY ?year",
    ),
    (
        "Where does each statement about the CDPWG come from?",
        "SELECT DISTINCT ?predicate ?other ?document ?sentence WHERE {\n  ?st rdf:subject ?s ; rdf:predicate ?predicate ; rdf:object ?o ;\n      prov:wasDerivedFrom ?document ; dg:evidence ?sentence .\n  FILTER(?s = id:cdpwg || ?o = id:cdpwg)\n  BIND(IF(?s = id:cdpwg, ?o, ?s) AS ?other)\n}",
    ),
];

/// Percent-encode a URL query value (`application/x-www-form-urlencoded`, spaces as `%20`).
pub fn form_encode(text: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, SET).to_string()
}

/// Escape text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// How pages link to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Served by `diplograph serve`: absolute paths equal to the IRIs' paths (`/id/japan`).
    Server,
    /// A static site: relative links to `.html` files, from a page `depth` folders deep.
    Static {
        /// How many folders below the site root the page is (`id/japan.html` is 1).
        depth: usize,
    },
}

/// What every page says about the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInfo {
    /// The name shown in the header.
    pub title: String,
    /// The data licence's IRI.
    pub license: Option<String>,
    /// The SPARQL endpoint's URL, when there is one.
    pub sparql_endpoint: Option<String>,
}

/// A query panel on the home page.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryPanel {
    /// Where the form is sent (`/` on the server, the endpoint on a static site).
    pub action: String,
    /// The query text to show.
    pub text: String,
    /// Output formats offered: (`format` parameter value, label).
    pub formats: Vec<(String, String)>,
    /// The result of the query, when one was run.
    pub result: Option<QueryOutcome>,
}

/// The result of a query run from the home page.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryOutcome {
    /// SELECT: variables and rows.
    Table {
        /// The variables.
        head: Vec<String>,
        /// The rows, one cell per variable.
        rows: Vec<Vec<Option<Term>>>,
    },
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT / DESCRIBE, as Turtle.
    Text(String),
    /// The query failed.
    Error(String),
}

/// Renders pages in one [`Mode`].
#[derive(Debug, Clone)]
pub struct Renderer<'a> {
    base: &'a Iris,
    mode: Mode,
    info: &'a SiteInfo,
}

const STYLE: &str = "
:root{--fg:#1d232a;--muted:#5b6570;--line:#d8dee4;--accent:#0b5cad;--bg:#fff;--soft:#f4f6f8}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,'Segoe UI','Hiragino Sans','Noto Sans CJK JP','Yu Gothic',sans-serif;color:var(--fg);background:var(--bg)}
header{background:var(--soft);border-bottom:1px solid var(--line)}
nav{max-width:62rem;margin:0 auto;padding:.6rem 1rem;display:flex;gap:1.2rem;flex-wrap:wrap}
nav a{font-weight:600}
main{max-width:62rem;margin:0 auto;padding:1rem}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
h1{font-size:1.9rem;margin:.4rem 0 .2rem}h1 .ja{font-weight:500;color:var(--muted);margin-left:.5rem}
h2{font-size:1.25rem;margin:1.8rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.iri{font-family:ui-monospace,monospace;font-size:.85rem;color:var(--muted);word-break:break-all}
.type{display:inline-block;background:var(--soft);border:1px solid var(--line);border-radius:1rem;padding:0 .6rem;margin-right:.3rem;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
th{background:var(--soft)}
.src{font-size:.8rem;color:var(--muted)}
.src a{color:var(--muted)}
ol.timeline{list-style:none;margin:0;padding:0 0 0 1rem;border-left:3px solid var(--line)}
ol.timeline li{position:relative;margin:0 0 .7rem;padding-left:.8rem}
ol.timeline li::before{content:'';position:absolute;left:-1.45rem;top:.5rem;width:.7rem;height:.7rem;border-radius:50%;background:var(--accent)}
ol.timeline time{font-family:ui-monospace,monospace;font-weight:600;margin-right:.5rem}
.kind,.role{color:var(--muted);font-size:.9rem}
ol.evidence{padding-left:1.2rem}ol.evidence li{margin-bottom:1rem}
blockquote{margin:.3rem 0;padding:.4rem .8rem;background:var(--soft);border-left:3px solid var(--accent)}
.stmt{font-weight:600}
cite{font-style:normal}
textarea{width:100%;min-height:11rem;font:14px/1.4 ui-monospace,monospace;padding:.5rem}
button{font-size:1rem;padding:.3rem 1.2rem}
pre{background:var(--soft);padding:.6rem;overflow-x:auto}
.error{color:#a40e26;background:#fff0f0;border:1px solid #f3b8b8;padding:.5rem .8rem}
ul.cols{columns:2 18rem;padding-left:1.2rem}
figure.plot{margin:0;overflow-x:auto}figure.plot svg{max-width:100%;height:auto}
figure.plot a:hover text{text-decoration:underline}
footer{max-width:62rem;margin:2rem auto;padding:1rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
";

impl<'a> Renderer<'a> {
    /// A renderer for pages of a site whose resources are under `base`.
    pub fn new(base: &'a Iris, mode: Mode, info: &'a SiteInfo) -> Self {
        Self { base, mode, info }
    }

    fn root(&self) -> String {
        match self.mode {
            Mode::Server => "/".to_owned(),
            Mode::Static { depth } => "../".repeat(depth),
        }
    }

    /// The link to the page of `iri`, if it has one.
    pub fn page_href(&self, iri: &str) -> Option<String> {
        let path = page_path(self.base, iri)?;
        Some(match self.mode {
            Mode::Server => format!("/{path}"),
            Mode::Static { .. } => format!("{}{path}.html", self.root()),
        })
    }

    /// The link to another representation of a page (`ttl`, `jsonld`).
    fn file_href(&self, iri: &str, extension: &str) -> Option<String> {
        page_path(self.base, iri).map(|path| format!("{}{path}.{extension}", self.root()))
    }

    fn home_href(&self) -> String {
        match self.mode {
            Mode::Server => "/".to_owned(),
            Mode::Static { .. } => format!("{}index.html", self.root()),
        }
    }

    fn index_href(&self) -> String {
        match self.mode {
            Mode::Server => "/entities".to_owned(),
            Mode::Static { .. } => format!("{}entities.html", self.root()),
        }
    }

    fn void_href(&self) -> String {
        format!("{}void.ttl", self.root())
    }

    /// A resource as a link: to its page, to an external `http(s)` IRI, or plain text.
    fn link(&self, named: &Named) -> String {
        let mut out = String::new();
        let label = escape(named.text());
        if let Some(href) = self.page_href(&named.iri) {
            let _ = write!(out, "<a href=\"{}\">{label}</a>", escape(&href));
        } else if is_web_url(&named.iri) && !named.iri.starts_with(self.base.base()) {
            let _ = write!(
                out,
                "<a href=\"{}\" rel=\"external\">{label}</a>",
                escape(&named.iri)
            );
        } else {
            let _ = write!(out, "<span title=\"{}\">{label}</span>", escape(&named.iri));
        }
        if let Some(ja) = named.labels.secondary() {
            let _ = write!(out, " <span lang=\"ja\">{}</span>", escape(ja));
        }
        out
    }

    fn value(&self, value: &Value) -> String {
        match value {
            Value::Node(named) => self.link(named),
            Value::Literal { text, lang, .. } => {
                let body = if is_web_url(text) {
                    format!(
                        "<a href=\"{}\" rel=\"external\">{}</a>",
                        escape(text),
                        escape(text)
                    )
                } else {
                    escape(text)
                };
                match lang {
                    Some(lang) => format!("<span lang=\"{}\">{body}</span>", escape(lang)),
                    None => body,
                }
            }
        }
    }

    fn page(&self, title: &str, head_extra: &str, body: &str) -> String {
        let mut nav = format!(
            "<a href=\"{}\">{}</a><a href=\"{}\">Entities</a><a href=\"{}\">Dataset (VoID)</a>",
            escape(&self.home_href()),
            escape(&self.info.title),
            escape(&self.index_href()),
            escape(&self.void_href()),
        );
        if let Some(endpoint) = &self.info.sparql_endpoint {
            let _ = write!(nav, "<a href=\"{}\">SPARQL endpoint</a>", escape(endpoint));
        }
        let license = self.info.license.as_ref().map_or_else(String::new, |l| {
            format!(
                " Licence: <a href=\"{}\" rel=\"license\">{}</a>.",
                escape(l),
                escape(l)
            )
        });
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n{head_extra}<style>{STYLE}</style>\n</head>\n<body>\n\
             <header><nav>{nav}</nav></header>\n<main>\n{body}</main>\n\
             <footer>Generated by diplograph from its knowledge graph of cyber-security \
             diplomacy; every statement links to the sentence and document it was read from.{license}</footer>\n\
             </body>\n</html>\n",
            escape(title)
        )
    }

    /// The page of one resource.
    pub fn resource(&self, view: &ResourceView) -> String {
        let main = view.labels.main().unwrap_or(&view.iri);
        let mut title = main.to_owned();
        if let Some(ja) = view.labels.secondary() {
            let _ = write!(title, " · {ja}");
        }
        let _ = write!(title, " — {}", self.info.title);
        let mut head = String::new();
        let mut formats = Vec::new();
        for (extension, media_type, name) in [
            ("ttl", "text/turtle", "Turtle"),
            ("jsonld", "application/ld+json", "JSON-LD"),
        ] {
            if let Some(href) = self.file_href(&view.iri, extension) {
                let _ = writeln!(
                    head,
                    "<link rel=\"alternate\" type=\"{media_type}\" href=\"{}\">",
                    escape(&href)
                );
                formats.push(format!(
                    "<a href=\"{}\" type=\"{media_type}\">{name}</a>",
                    escape(&href)
                ));
            }
        }
        let mut body = String::from("<article>\n");
        let _ = write!(body, "<h1><span lang=\"en\">{}</span>", escape(main));
        if let Some(ja) = view.labels.secondary() {
            let _ = write!(body, "<span class=\"ja\" lang=\"ja\">{}</span>", escape(ja));
        }
        body.push_str("</h1>\n");
        let _ = writeln!(body, "<p class=\"iri\">{}</p>", escape(&view.iri));
        let pages = self.page_nav(view);
        body.push_str(&pages);
        if !view.types.is_empty() {
            body.push_str("<p class=\"types\">Type: ");
            for class in &view.types {
                let _ = write!(body, "<span class=\"type\">{}</span>", self.link(class));
            }
            body.push_str("</p>\n");
        }
        if !view.alt_labels.is_empty() {
            body.push_str("<p class=\"alt\">Also known as: ");
            let names: Vec<String> = view
                .alt_labels
                .iter()
                .map(|(text, lang)| match lang {
                    Some(lang) => {
                        format!("<span lang=\"{}\">{}</span>", escape(lang), escape(text))
                    }
                    None => escape(text),
                })
                .collect();
            body.push_str(&names.join(", "));
            body.push_str("</p>\n");
        }
        if !view.facts.is_empty() {
            body.push_str("<section id=\"facts\">\n<h2>Facts</h2>\n<table>\n");
            for fact in &view.facts {
                let _ = writeln!(
                    body,
                    "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                    escape(fact.property.text()),
                    self.value(&fact.value)
                );
            }
            body.push_str("</table>\n</section>\n");
        }
        self.pictures(view, &mut body);
        if !view.timeline.is_empty() {
            self.timeline(view, &mut body);
            body.push_str(&self.count(view, view.timeline.len(), view.timeline_total));
            body.push_str("</section>\n");
        }
        // A list cut into pages may have nothing left on a later one.
        let (mentions, incoming): (Vec<&LinkGroup>, Vec<&LinkGroup>) = view
            .incoming
            .iter()
            .filter(|g| !g.targets.is_empty())
            .partition(|g| g.property.iri == crate::rdf::vocab::dg::MENTIONS);
        let outgoing: Vec<&LinkGroup> = view
            .outgoing
            .iter()
            .filter(|g| !g.targets.is_empty())
            .collect();
        if !outgoing.is_empty() {
            body.push_str("<section id=\"relations\">\n<h2>Relations</h2>\n");
            self.links(view, outgoing.into_iter(), false, &mut body);
            body.push_str("</section>\n");
        }
        if !incoming.is_empty() {
            body.push_str("<section id=\"incoming\">\n<h2>Linked from</h2>\n");
            self.links(view, incoming.into_iter(), true, &mut body);
            body.push_str("</section>\n");
        }
        if !view.evidence.is_empty() {
            let heading = if view.is_document {
                "Statements read from this document"
            } else {
                "Provenance"
            };
            let _ = writeln!(
                body,
                "<section id=\"provenance\">\n<h2>{heading}</h2>\n<ol class=\"evidence\">"
            );
            for evidence in &view.evidence {
                self.evidence(evidence, view.is_document, &mut body);
            }
            body.push_str("</ol>\n");
            body.push_str(&self.count(view, view.evidence.len(), view.evidence_total));
            body.push_str("</section>\n");
        }
        if let Some(group) = mentions.first() {
            body.push_str("<section id=\"mentions\">\n<h2>Mentioned in</h2>\n<ul>\n");
            for target in &group.targets {
                let _ = writeln!(body, "<li>{}</li>", self.link(&target.node));
            }
            body.push_str("</ul>\n");
            body.push_str(&self.count(view, group.targets.len(), group.total));
            body.push_str("</section>\n");
        }
        body.push_str(&pages);
        if !formats.is_empty() {
            let _ = writeln!(
                body,
                "<p class=\"formats\">This description as data: {}.</p>",
                formats.join(", ")
            );
        }
        body.push_str("</article>\n");
        self.page(&title, &head, &body)
    }

    /// The neighbourhood picture (when the resource links to other pages) and, for a series,
    /// its sessions on a time axis: inline SVG, no script.
    fn pictures(&self, view: &ResourceView, body: &mut String) {
        let href = |iri: &str| self.page_href(iri);
        let neighbourhood = svg::neighbourhood(view, self.base, &href);
        if !neighbourhood.neighbours.is_empty() {
            let _ = writeln!(
                body,
                "<section id=\"neighbourhood\">\n<h2>Neighbourhood</h2>\n<figure class=\"plot\">{}</figure>\n</section>",
                svg::neighbourhood_svg(&neighbourhood)
            );
        }
        if let Some(series) = svg::series_timeline(view, &href) {
            let _ = writeln!(
                body,
                "<section id=\"sessions\">\n<h2>Sessions</h2>\n<figure class=\"plot\">{}</figure>\n</section>",
                svg::timeline_svg(&series)
            );
        }
    }

    fn timeline(&self, view: &ResourceView, body: &mut String) {
        body.push_str("<section id=\"timeline\">\n<h2>Timeline</h2>\n<ol class=\"timeline\">\n");
        for entry in &view.timeline {
            let mut when = escape(&entry.date);
            if let Some(end) = &entry.end {
                let _ = write!(when, " – {}", escape(end));
            }
            let kind = entry.kind.as_ref().map_or_else(String::new, |k| {
                format!(" <span class=\"kind\">{}</span>", escape(k.text()))
            });
            let role = match entry.entry {
                TimelineKind::Tenure => "holds post".to_owned(),
                TimelineKind::Event if entry.incoming => {
                    format!("← {}", entry.relation.text())
                }
                TimelineKind::Event => entry.relation.text().to_owned(),
            };
            let _ = writeln!(
                body,
                "<li><time datetime=\"{}\">{when}</time> {}{kind} <span class=\"role\">({})</span></li>",
                escape(&entry.start),
                self.link(&entry.node),
                escape(&role)
            );
        }
        body.push_str("</ol>\n");
    }

    /// The link to page `page` of the view's resource (server pages only: a static page holds
    /// every list whole).
    fn paged_href(&self, view: &ResourceView, page: usize) -> Option<String> {
        if !matches!(self.mode, Mode::Server) {
            return None;
        }
        let href = self.page_href(&view.iri)?;
        Some(if page <= 1 {
            href
        } else {
            format!("{href}?page={page}")
        })
    }

    /// Where a cut list stands: "items 101–200 of 2381", and a link to the next page when it
    /// goes on. Empty for a list shown whole.
    fn count(&self, view: &ResourceView, shown: usize, total: usize) -> String {
        let paging = view.paging;
        if shown == total && paging.page == 1 {
            return String::new();
        }
        let first = paging.range(total).start + 1;
        let mut out = format!(
            "<p class=\"count\">items {first}–{} of {total}",
            first + shown - 1
        );
        if paging.continues(total)
            && let Some(href) = self.paged_href(view, paging.page + 1)
        {
            let _ = write!(
                out,
                " · <a href=\"{}\" rel=\"next\">next page</a>",
                escape(&href)
            );
        }
        out.push_str("</p>\n");
        out
    }

    /// "Page 2 of 24", with links to the previous and next pages; empty on a one-page view.
    fn page_nav(&self, view: &ResourceView) -> String {
        let pages = view.pages();
        let page = view.paging.page;
        if pages <= 1 && page <= 1 {
            return String::new();
        }
        let mut out = format!(
            "<nav class=\"pages\">Page {page} of {pages}, {} items per list",
            view.paging.per_page
        );
        if page > 1
            && let Some(href) = self.paged_href(view, page - 1)
        {
            let _ = write!(
                out,
                " · <a href=\"{}\" rel=\"prev\">previous page</a>",
                escape(&href)
            );
        }
        if page < pages
            && let Some(href) = self.paged_href(view, page + 1)
        {
            let _ = write!(
                out,
                " · <a href=\"{}\" rel=\"next\">next page</a>",
                escape(&href)
            );
        }
        out.push_str("</nav>\n");
        out
    }

    fn links<'g>(
        &self,
        view: &ResourceView,
        groups: impl Iterator<Item = &'g LinkGroup>,
        incoming: bool,
        body: &mut String,
    ) {
        let header = if incoming {
            "<tr><th>from</th><th>relation</th><th>stated in</th></tr>"
        } else {
            "<tr><th>relation</th><th>to</th><th>stated in</th></tr>"
        };
        let _ = writeln!(body, "<table>\n{header}");
        for group in groups {
            for target in &group.targets {
                let sources: Vec<String> = target
                    .sources
                    .iter()
                    .map(|source| self.link(source))
                    .collect();
                let relation = escape(group.property.text());
                let other = self.link(&target.node);
                let (first, second) = if incoming {
                    (other, relation)
                } else {
                    (relation, other)
                };
                let _ = writeln!(
                    body,
                    "<tr><td>{first}</td><td>{second}</td><td class=\"src\">{}</td></tr>",
                    sources.join("; ")
                );
            }
            let count = self.count(view, group.targets.len(), group.total);
            if !count.is_empty() {
                let _ = writeln!(
                    body,
                    "<tr><td colspan=\"3\">{}: {}</td></tr>",
                    escape(group.property.text()),
                    count.trim_end()
                );
            }
        }
        body.push_str("</table>\n");
    }

    fn evidence(&self, evidence: &Evidence, on_document: bool, body: &mut String) {
        body.push_str("<li>");
        let mut statement = format!(
            "{} <span class=\"role\">{}</span> {}",
            self.link(&evidence.subject),
            escape(evidence.property.text()),
            self.value(&evidence.object)
        );
        if let Some(word) = &evidence.word {
            let _ = write!(statement, " <span class=\"role\">({})</span>", escape(word));
        }
        if let Some(date) = &evidence.date {
            let _ = write!(statement, " <time>{}</time>", escape(date));
        }
        let _ = writeln!(body, "<p class=\"stmt\">{statement}</p>");
        if let Some(text) = &evidence.text {
            let lang = evidence
                .lang
                .as_ref()
                .map_or_else(String::new, |l| format!(" lang=\"{}\"", escape(l)));
            let _ = writeln!(body, "<blockquote{lang}>{}</blockquote>", escape(text));
        } else if evidence.withheld {
            let _ = writeln!(
                body,
                "<p class=\"withheld\">The sentence is not reproduced here: its source reserves \
                 its rights (see the document's rights).</p>"
            );
        }
        let mut source = Vec::new();
        if let Some(doc) = &evidence.document
            && !on_document
        {
            source.push(format!("<cite>{}</cite>", self.link(doc)));
        }
        if let Some(sentence) = evidence.sentence {
            source.push(format!("sentence {}", sentence + 1));
        }
        if let Some(row) = &evidence.gazetteer_row {
            source.push(format!("gazetteer {}", escape(row)));
        }
        if let Some(rule) = &evidence.rule {
            source.push(format!("rule {}", escape(rule)));
        }
        if let Some(confidence) = &evidence.confidence {
            source.push(format!("confidence {}", escape(confidence)));
        }
        let _ = writeln!(body, "<p class=\"src\">— {}</p></li>", source.join(" · "));
    }

    /// The index of entities, grouped by class.
    pub fn index(&self, entries: &[IndexEntry]) -> String {
        let mut body = format!(
            "<h1>Entities <span class=\"ja\" lang=\"ja\">エンティティ一覧</span></h1>\n<p>{} entities and events.</p>\n",
            entries.len()
        );
        let mut class: Option<&str> = None;
        for entry in entries {
            if class != Some(entry.class.iri.as_str()) {
                if class.is_some() {
                    body.push_str("</ul>\n</section>\n");
                }
                class = Some(entry.class.iri.as_str());
                let count = entries
                    .iter()
                    .filter(|e| e.class.iri == entry.class.iri)
                    .count();
                let _ = write!(
                    body,
                    "<section>\n<h2>{} <span lang=\"ja\" class=\"kind\">{}</span> ({count})</h2>\n<ul class=\"cols\">\n",
                    escape(entry.class.text()),
                    escape(entry.class.labels.secondary().unwrap_or(""))
                );
            }
            let _ = writeln!(body, "<li>{}</li>", self.link(&entry.node));
        }
        if class.is_some() {
            body.push_str("</ul>\n</section>\n");
        }
        self.page(&format!("Entities — {}", self.info.title), "", &body)
    }

    /// The home page: what the dataset holds, where to get it, and a query form.
    pub fn home(&self, stats: &Stats, panel: Option<&QueryPanel>) -> String {
        let mut body = format!(
            "<h1>{} <span class=\"ja\" lang=\"ja\">サイバー外交ナレッジグラフ</span></h1>\n\
             <p>A knowledge graph of cyber-security diplomacy read from Japanese and English \
             documents: {} entities and events, {} source documents, {} statements and {} \
             mentions with their provenance, {} triples.</p>\n",
            escape(&self.info.title),
            stats.entities,
            stats.documents.len(),
            stats.statements,
            stats.mentions,
            stats.triples,
        );
        if let Some(panel) = panel {
            self.query_panel(panel, &mut body);
        }
        body.push_str("<section id=\"browse\">\n<h2>Browse</h2>\n<ul>\n");
        let _ = writeln!(
            body,
            "<li><a href=\"{}\">All entities and events</a></li>",
            escape(&self.index_href())
        );
        if let Some(example) = &stats.example {
            let _ = writeln!(
                body,
                "<li>The best-connected entity: {}</li>",
                self.link(example)
            );
        }
        body.push_str("</ul>\n<h3>Source documents</h3>\n<ul>\n");
        for doc in &stats.documents {
            let _ = writeln!(body, "<li>{}</li>", self.link(doc));
        }
        body.push_str("</ul>\n</section>\n<section id=\"data\">\n<h2>Data</h2>\n<ul>\n");
        let _ = writeln!(
            body,
            "<li><a href=\"{}\">Dataset description</a> (VoID and DCAT, Turtle)</li>",
            escape(&self.void_href())
        );
        for format in crate::export::ExportFormat::RDF {
            let _ = writeln!(
                body,
                "<li><a href=\"{}dumps/diplograph.{ext}\">diplograph.{ext}</a> ({})</li>",
                escape(&self.root()),
                escape(format.media_type()),
                ext = format.file_extension(),
            );
        }
        if let Some(endpoint) = &self.info.sparql_endpoint {
            let _ = writeln!(
                body,
                "<li>SPARQL 1.1 endpoint: <a href=\"{}\">{}</a></li>",
                escape(endpoint),
                escape(endpoint)
            );
        }
        body.push_str("</ul>\n</section>\n");
        self.page(&self.info.title, "", &body)
    }

    fn query_panel(&self, panel: &QueryPanel, body: &mut String) {
        let _ = write!(
            body,
            "<section id=\"query\">\n<h2>Query</h2>\n<form method=\"get\" action=\"{}\">\n\
             <textarea name=\"query\" spellcheck=\"false\" aria-label=\"SPARQL query\">{}</textarea>\n\
             <p><label>Results as <select name=\"format\">",
            escape(&panel.action),
            escape(&panel.text)
        );
        for (value, label) in &panel.formats {
            let _ = write!(
                body,
                "<option value=\"{}\">{}</option>",
                escape(value),
                escape(label)
            );
        }
        body.push_str(
            "</select></label> <button type=\"submit\">Run query</button></p>\n</form>\n",
        );
        body.push_str("<p>Examples:</p>\n<ul>\n");
        let separator = if panel.action.contains('?') { '&' } else { '?' };
        for (question, query) in EXAMPLE_QUESTIONS {
            let _ = writeln!(
                body,
                "<li><a href=\"{}{separator}query={}\">{}</a></li>",
                escape(&panel.action),
                escape(&form_encode(query)),
                escape(question)
            );
        }
        body.push_str("</ul>\n<details><summary>Predeclared prefixes</summary><pre>");
        body.push_str(&escape(&crate::rdf::syntax::prologue(self.base)));
        body.push_str("</pre></details>\n");
        match &panel.result {
            None => {}
            Some(QueryOutcome::Error(message)) => {
                let _ = writeln!(
                    body,
                    "<p class=\"error\" role=\"alert\">{}</p>",
                    escape(message)
                );
            }
            Some(QueryOutcome::Boolean(value)) => {
                let _ = writeln!(
                    body,
                    "<p class=\"result\">Answer: <strong>{value}</strong></p>"
                );
            }
            Some(QueryOutcome::Text(text)) => {
                let _ = writeln!(body, "<pre class=\"result\">{}</pre>", escape(text));
            }
            Some(QueryOutcome::Table { head, rows }) => {
                let _ = writeln!(
                    body,
                    "<p>{} row{}.</p>\n<table class=\"result\">\n<tr>",
                    rows.len(),
                    if rows.len() == 1 { "" } else { "s" }
                );
                for variable in head {
                    let _ = write!(body, "<th>?{}</th>", escape(variable));
                }
                body.push_str("</tr>\n");
                for row in rows {
                    body.push_str("<tr>");
                    for cell in row {
                        let _ = write!(body, "<td>{}</td>", self.term(cell.as_ref()));
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</table>\n");
            }
        }
        body.push_str("</section>\n");
    }

    fn term(&self, term: Option<&Term>) -> String {
        let Some(term) = term else {
            return String::new();
        };
        let shown = escape(&display_term(term, self.base));
        match term {
            Term::NamedNode(n) => match self.page_href(n.as_str()) {
                Some(href) => format!("<a href=\"{}\">{shown}</a>", escape(&href)),
                None if is_web_url(n.as_str()) => format!(
                    "<a href=\"{}\" rel=\"external\">{shown}</a>",
                    escape(n.as_str())
                ),
                None => shown,
            },
            Term::Literal(l) => match l.language() {
                Some(lang) => format!("<span lang=\"{}\">{shown}</span>", escape(lang)),
                None if l.datatype().as_str() == xsd::DATE => format!("<time>{shown}</time>"),
                None => shown,
            },
            #[allow(unreachable_patterns)]
            _ => shown,
        }
    }

    /// A short error page.
    pub fn error_page(&self, status: u16, message: &str) -> String {
        let body = format!(
            "<h1>{status}</h1>\n<p class=\"error\">{}</p>\n<p><a href=\"{}\">Home</a></p>\n",
            escape(message),
            escape(&self.home_href())
        );
        self.page(&format!("{status} — {}", self.info.title), "", &body)
    }
}

/// True for an absolute `http://` or `https://` URL without spaces or quotes (safe to link).
pub fn is_web_url(text: &str) -> bool {
    (text.starts_with("http://") || text.starts_with("https://"))
        && !text.contains(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unescape(text: &str) -> String {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    proptest! {
        #[test]
        fn escaped_text_has_no_markup_and_round_trips(text in any::<String>()) {
            let escaped = escape(&text);
            prop_assert!(!escaped.contains(['<', '>', '"', '\'']));
            // Every `&` starts one of the five entities.
            for (i, _) in escaped.match_indices('&') {
                let rest = &escaped[i..];
                prop_assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| rest.starts_with(e)),
                    "stray & in {escaped:?}"
                );
            }
            prop_assert_eq!(unescape(&escaped), text);
        }

        #[test]
        fn markup_in_labels_never_reaches_the_page(label in ".*[<>\"'&].*", ja in ".*[<>&].*") {
            let info = SiteInfo { title: "t".into(), license: None, sparql_endpoint: None };
            let base = Iris::new("https://example.org/").unwrap();
            let renderer = Renderer::new(&base, Mode::Server, &info);
            let named = Named {
                iri: "https://example.org/id/x".into(),
                labels: super::super::view::Labels {
                    en: Some(label.clone()),
                    ja: Some(ja.clone()),
                    other: None,
                },
            };
            let mut expected = format!("<a href=\"/id/x\">{}</a>", escape(&label));
            if ja != label {
                expected.push_str(&format!(" <span lang=\"ja\">{}</span>", escape(&ja)));
            }
            prop_assert_eq!(renderer.link(&named), expected);
        }
    }

    #[test]
    fn only_web_urls_become_links() {
        assert!(is_web_url("https://www.mofa.go.jp/a.html"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("https://x.org/\"onmouseover=\"x"));
        assert!(!is_web_url("archive copy, 2013"));
    }

    #[test]
    fn static_links_are_relative_files_and_server_links_are_iri_paths() {
        let info = SiteInfo {
            title: "t".into(),
            license: None,
            sparql_endpoint: None,
        };
        let base = &Iris::new("https://example.org/data/").unwrap();
        let server = Renderer::new(base, Mode::Server, &info);
        let flat = Renderer::new(base, Mode::Static { depth: 1 }, &info);
        let top = Renderer::new(base, Mode::Static { depth: 0 }, &info);
        let iri = "https://example.org/data/id/japan";
        assert_eq!(server.page_href(iri).as_deref(), Some("/id/japan"));
        assert_eq!(flat.page_href(iri).as_deref(), Some("../id/japan.html"));
        assert_eq!(top.page_href(iri).as_deref(), Some("id/japan.html"));
        assert_eq!(server.page_href("https://example.org/data/stmt/1"), None);
        assert_eq!(
            flat.file_href(iri, "ttl").as_deref(),
            Some("../id/japan.ttl")
        );
    }
}
