//! Linked-data publishing: resource pages, the VoID/DCAT description and a static site.
//!
//! [`view`] reads what a page shows from the store, [`html`] renders it (the one renderer that
//! `serve` uses too) with the pictures [`svg`] draws (an entity's neighbourhood, a series'
//! sessions on a time axis; `diplograph plot` writes the same), [`void`] describes the dataset,
//! and [`publish`] writes a static site that any web server can host:
//!
//! ```text
//! index.html                 home: counts, sources, dumps (and a query form for --sparql-endpoint)
//! entities.html              every entity and event, by class
//! id/{slug}.html .ttl .jsonld    one page + two data files per entity or event
//! doc/{slug}.html .ttl .jsonld   per source document (with the statements read from it)
//! post/{slug}.html .ttl .jsonld  per post
//! void.ttl void.jsonld       VoID + DCAT description of the dataset
//! dumps/diplograph.{ttl,nt,nq,trig,jsonld,rdf}
//! .diplograph-site           marker: this directory may be replaced by the next publish
//! ```
//!
//! Invariants: the site is a pure function of the store and the options (byte-identical on
//! every run); it is written to a sibling directory and swapped in whole, and a directory not
//! made by `publish` is never replaced.

pub mod html;
pub mod svg;
pub mod view;
pub mod void;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use oxigraph::store::Store;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::export::{ExportFormat, rdf::write_quads};
use crate::rdf::Iris;
use crate::rdf::syntax::{GraphFormat, write_triples};
use html::{Mode, QueryPanel, Renderer, SiteInfo};
use view::{Site, page_path};
use void::{VOID_PREFIXES, VoidConfig, dump_path, void_triples};

/// The file that marks a directory as made by [`publish`].
pub const MARKER: &str = ".diplograph-site";

/// Options of a static site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishConfig {
    /// Base IRI of the data.
    pub base: Iris,
    /// URL the site will be hosted at (for the VoID description), ending in `/`; defaults to
    /// the base, which is where the IRIs dereference.
    pub site_url: Option<String>,
    /// A SPARQL endpoint serving the same data, linked from every page.
    pub sparql_endpoint: Option<String>,
    /// The data licence's IRI.
    pub license: Option<String>,
    /// Republish the evidence sentences of sources whose rights do not allow reuse
    /// ([`view::reuse_allowed`]); by default they are left out of pages, data files and dumps.
    pub include_restricted_quotes: bool,
}

/// What [`publish`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishReport {
    /// Resource pages (each with a `.ttl` and a `.jsonld`).
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Bytes written in all.
    pub bytes: u64,
}

struct SiteFiles {
    root: PathBuf,
    files: usize,
    bytes: u64,
}

impl SiteFiles {
    fn write(&mut self, relative: &str, content: &[u8]) -> Result<()> {
        let path = self.root.join(relative);
        if let Some(parent) = path.parent() {
            fs_err::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut file = fs_err::File::create(&path).map_err(|e| Error::io(&path, e))?;
        file.write_all(content).map_err(|e| Error::io(&path, e))?;
        self.files += 1;
        self.bytes += content.len() as u64;
        Ok(())
    }
}

fn check_replaceable(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let mut entries = fs_err::read_dir(out).map_err(|e| Error::io(out, e))?;
    let empty = entries.next().is_none();
    if empty || out.join(MARKER).exists() {
        return Ok(());
    }
    Err(Error::export(format!(
        "`{}` exists and was not made by `diplograph publish`: choose another --out or empty it",
        out.display()
    )))
}

/// The three files of one resource.
struct ResourceFiles {
    /// The site path without extension (`id/japan`).
    path: String,
    page: Vec<u8>,
    turtle: Vec<u8>,
    jsonld: Vec<u8>,
}

/// Render one resource: its page, Turtle and JSON-LD.
fn render_resource(
    site: &Site,
    renderer: &Renderer<'_>,
    iri: &str,
) -> Result<Option<ResourceFiles>> {
    let Some(path) = page_path(site.base(), iri) else {
        return Ok(None);
    };
    let Some(view) = site.view(iri)? else {
        return Ok(None);
    };
    let page = renderer.resource(&view).into_bytes();
    let triples = site.describe(iri)?;
    let mut turtle = Vec::new();
    write_triples(&triples, GraphFormat::Turtle, site.base(), &[], &mut turtle)?;
    let mut jsonld = Vec::new();
    write_triples(&triples, GraphFormat::JsonLd, site.base(), &[], &mut jsonld)?;
    Ok(Some(ResourceFiles {
        path: path.to_owned(),
        page,
        turtle,
        jsonld,
    }))
}

/// Drop the evidence sentences (`dg:evidence`) of statement records derived from documents
/// whose sentences `site` withholds (see [`Site::include_restricted_quotes`]): for dumps.
pub fn withhold_restricted(site: &Site, quads: &mut Vec<oxigraph::model::Quad>) -> Result<()> {
    use crate::rdf::vocab::{dg, prov};
    use oxigraph::model::Term;
    let mut documents = std::collections::BTreeMap::new();
    let mut withheld = std::collections::HashSet::new();
    for quad in quads.iter() {
        if quad.predicate.as_str() == prov::WAS_DERIVED_FROM
            && let Term::NamedNode(doc) = &quad.object
        {
            let withholds = match documents.get(doc.as_str()) {
                Some(known) => *known,
                None => {
                    let known = site.withholds(doc.as_str())?;
                    documents.insert(doc.as_str().to_owned(), known);
                    known
                }
            };
            if withholds {
                withheld.insert(quad.subject.clone());
            }
        }
    }
    quads.retain(|q| !(q.predicate.as_str() == dg::EVIDENCE && withheld.contains(&q.subject)));
    Ok(())
}

/// Write the static site of `store` into `out` (replaced whole when it was made by a previous
/// publish). Pages are rendered in parallel.
pub fn publish(store: &Store, config: &PublishConfig, out: &Path) -> Result<PublishReport> {
    check_replaceable(out)?;
    let site = Site::new(store.clone(), &config.base)?
        .include_restricted_quotes(config.include_restricted_quotes);
    let stats = site.stats()?;
    let info = SiteInfo {
        title: "diplograph".to_owned(),
        license: config.license.clone(),
        sparql_endpoint: config.sparql_endpoint.clone(),
    };
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs_err::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let fresh = parent.join(format!(".{name}.new-{}", std::process::id()));
    if fresh.exists() {
        fs_err::remove_dir_all(&fresh).map_err(|e| Error::io(&fresh, e))?;
    }
    let mut files = SiteFiles {
        root: fresh.clone(),
        files: 0,
        bytes: 0,
    };
    let result = (|| {
        let deep = Renderer::new(&config.base, Mode::Static { depth: 1 }, &info);
        let top = Renderer::new(&config.base, Mode::Static { depth: 0 }, &info);
        let iris = site.page_iris()?;
        let rendered: Vec<Result<Option<_>>> = iris
            .par_iter()
            .map(|iri| render_resource(&site, &deep, iri))
            .collect();
        let mut pages = 0;
        for item in rendered {
            if let Some(resource) = item? {
                let path = &resource.path;
                files.write(&format!("{path}.html"), &resource.page)?;
                files.write(&format!("{path}.ttl"), &resource.turtle)?;
                files.write(&format!("{path}.jsonld"), &resource.jsonld)?;
                pages += 1;
            }
        }
        let panel = config.sparql_endpoint.as_ref().map(|endpoint| QueryPanel {
            action: endpoint.clone(),
            text: html::EXAMPLE_QUERY.to_owned(),
            formats: [
                ("json", "SPARQL JSON"),
                ("csv", "CSV"),
                ("tsv", "TSV"),
                ("xml", "SPARQL XML"),
            ]
            .iter()
            .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
            .collect(),
            result: None,
        });
        files.write("index.html", top.home(&stats, panel.as_ref()).as_bytes())?;
        files.write("entities.html", top.index(&site.index()?).as_bytes())?;
        let void_config = VoidConfig {
            base: config.base.clone(),
            site_url: config
                .site_url
                .clone()
                .unwrap_or_else(|| config.base.to_string()),
            sparql_endpoint: config.sparql_endpoint.clone(),
            license: config.license.clone(),
            dumps: ExportFormat::RDF.to_vec(),
        };
        let triples = void_triples(&stats, &void_config);
        for (file, format) in [
            ("void.ttl", GraphFormat::Turtle),
            ("void.jsonld", GraphFormat::JsonLd),
        ] {
            let mut bytes = Vec::new();
            write_triples(&triples, format, &config.base, VOID_PREFIXES, &mut bytes)?;
            files.write(file, &bytes)?;
        }
        let mut quads: Vec<_> = store
            .iter()
            .collect::<Result<_, _>>()
            .map_err(|e| Error::store(e.to_string()).caused_by(e))?;
        withhold_restricted(&site, &mut quads)?;
        for format in ExportFormat::RDF {
            let mut bytes = Vec::new();
            write_quads(&quads, *format, &config.base, &mut bytes)?;
            files.write(&dump_path(*format), &bytes)?;
        }
        files.write(
            MARKER,
            b"made by `diplograph publish`; the next publish replaces this directory\n",
        )?;
        Ok(pages)
    })();
    let pages = match result {
        Ok(pages) => pages,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(error);
        }
    };
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if out.exists() {
        fs_err::rename(out, &old).map_err(|e| Error::io(out, e))?;
    }
    fs_err::rename(&fresh, out).map_err(|e| Error::io(out, e))?;
    if old.exists() {
        fs_err::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    }
    Ok(PublishReport {
        pages,
        files: files.files,
        bytes: files.bytes,
    })
}
