//! Incremental builds: re-extract only the documents that changed and update the store one
//! named graph at a time.
//!
//! Next to the store `{store}` live:
//!
//! - `{store}.manifest.json`: the [`Manifest`]: a hash of the gazetteer, of the curated facts,
//!   the content hash of every document, and a hash and quad count of every named graph in the
//!   store. It describes the store exactly: it is deleted before the store is touched and
//!   written again only once the store is committed, so a killed build leaves either the old
//!   pair or no manifest (and the next build is a full one).
//! - `{store}.graph.json`: the [`KnowledgeGraph`] the store was made from (for `export`'s graph
//!   formats and `stats`); the manifest records its hash, and [`read_graph`] refuses a file
//!   whose hash differs (a build interrupted between the two, a file copied from elsewhere).
//! - `{store}.cache/`: one JSON file per document with what its extraction contributed
//!   ([`Contribution`]), named by a hash of the document (header and text), the gazetteer and
//!   the build [`IncrementalConfig::tag`] (the program's identity): a content-addressed cache
//!   that cannot be stale.
//!
//! A build loads the inputs, takes each document's contribution from the cache or extracts
//! it (in parallel), assembles the whole graph and its quads as a full build would, hashes
//! each named graph, and then replaces in one store transaction only the graphs whose hash
//! differs from the manifest (removing the graphs of deleted documents). When the gazetteer
//! changes every document is re-extracted (aliases changed) and the gazetteer graph is
//! replaced; when the curated facts change, the graphs of the documents they cite are. The
//! store's contents therefore always equal a full rebuild's (tested).
//!
//! # One generation
//!
//! The outputs of a build are swapped in together, in this order, once all are complete: the
//! store (built in a sibling directory, or updated in one transaction), then `{store}.graph.json`
//! and the files the caller staged alongside (the exports, [`Staging`]), then the manifest,
//! which is deleted before the store is touched. A build that fails or is killed before the end
//! therefore leaves no manifest or the previous one, and readers of the graph refuse it until
//! the next build; an export that fails replaces none of the previous exports. Temporary files
//! of killed builds are removed by the next build of the same store.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::build::{BuildOptions, BuildOutput, Contribution, ContributionCache, Progress, build};
use crate::corpus::Document;
use crate::data_dir::{DataDir, FACTS_FILES, GAZETTEER_FILES, REFERENCE_FILES};
use crate::error::{Error, Result};
use crate::export::{Staging, clean_stale_temporaries, snapshot};
use crate::graph::{GraphConfig, PropertyGraph};
use crate::model::{DocumentId, KnowledgeGraph};
use crate::rdf::table::{DEFAULT_GRAPH, TermText};
use crate::rdf::{Iris, QuadTable, quad_table, write_store};

/// Version of the manifest and cache formats.
const FORMAT: u32 = 4;

/// How to build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncrementalConfig {
    /// Ignore the manifest and the cache: extract everything, write a new store.
    pub full: bool,
    /// The identity of the program (version, build): cached extractions of another program
    /// are not reused.
    pub tag: String,
    /// Write nothing when the build has warnings ([`BuildReport::written`] is then false).
    pub strict: bool,
}

/// A hash and size of one named graph of the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphEntry {
    /// BLAKE3 of the graph's sorted quads (their terms' parts, see `hash_term`).
    pub hash: String,
    /// Number of quads.
    pub quads: usize,
}

/// What the store next to it was built from (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version.
    pub format: u32,
    /// [`IncrementalConfig::tag`] of the build that wrote it.
    pub tag: String,
    /// The base IRI.
    pub base: String,
    /// Hash of the gazetteer files.
    pub gazetteer: String,
    /// Hash of the curated facts files.
    pub facts: String,
    /// Cache key of each document, by document id.
    pub documents: BTreeMap<String, String>,
    /// Each named graph of the store, by IRI.
    pub graphs: BTreeMap<String, GraphEntry>,
    /// BLAKE3 of `{store}.graph.json` ([`snapshot::hash`]).
    pub graph: String,
    /// The files written with this store (the exports), in the order written.
    pub exports: Vec<String>,
}

/// What a build did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// False when [`IncrementalConfig::strict`] found warnings and nothing was written.
    pub written: bool,
    /// True when the store was written anew (first build, `full`, or no usable manifest).
    pub full: bool,
    /// False when the build had no store (see [`build_store_alongside`]) or wrote nothing.
    pub stored: bool,
    /// Documents extracted by this build, in id order.
    pub extracted: Vec<DocumentId>,
    /// Documents whose extraction came from the cache.
    pub reused: usize,
    /// Graphs replaced (or added) in the store, by IRI.
    pub replaced_graphs: Vec<String>,
    /// Graphs removed from the store, by IRI.
    pub removed_graphs: Vec<String>,
}

/// Everything a build produced.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// The graph and diagnostics (`extractions` is left empty: the per-document results are
    /// in the cache, and keeping them twice would double a large build's memory).
    pub output: BuildOutput,
    /// The quads now in the store, sorted.
    pub quads: QuadTable,
    /// What was done.
    pub report: BuildReport,
}

/// `{store}.manifest.json`.
pub fn manifest_path(store: &Path) -> PathBuf {
    sibling(store, "manifest.json")
}

/// `{store}.graph.json`: the knowledge graph of the store (see [`read_graph`]).
pub fn graph_path(store: &Path) -> PathBuf {
    sibling(store, "graph.json")
}

/// The knowledge graph `build` saved with the store at `store`, checked against the store's
/// manifest: an error says what to do when the build did not finish or the file belongs to
/// another build.
pub fn read_graph(store: &Path) -> Result<KnowledgeGraph> {
    read_saved_graph(store).map(|saved| saved.graph)
}

/// [`read_graph`], with the metrics of its default property graph when `build` saved them.
pub fn read_saved_graph(store: &Path) -> Result<snapshot::Saved> {
    let path = graph_path(store);
    let rebuild = format!("run `diplograph build --store {}` again", store.display());
    let manifest_file = manifest_path(store);
    let manifest = match std::fs::read(&manifest_file) {
        Ok(bytes) => serde_json::from_slice::<Manifest>(&bytes).map_err(|_| {
            Error::store(format!(
                "`{}` is not a manifest of this diplograph version: {rebuild}",
                manifest_file.display()
            ))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::store(if store.exists() {
                format!(
                    "the store `{}` has no manifest (its last build did not finish): {rebuild}",
                    store.display()
                )
            } else {
                format!(
                    "no store at `{}`: run `diplograph build` first (or pass --store, or --graph \
                     for the graph.json of a `build --no-store`)",
                    store.display()
                )
            }));
        }
        Err(e) => return Err(Error::io(manifest_file, e)),
    };
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::store(format!(
                "no graph `{}` beside the store: {rebuild}",
                path.display()
            )));
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    // Read, hashed and parsed in one pass; a file whose hash is not the manifest's is refused
    // whatever it holds.
    let (saved, hash) = snapshot::read_hashed(file, &path);
    if hash != manifest.graph {
        return Err(Error::store(format!(
            "`{}` does not belong to the store `{}` (its hash is not the one the store's manifest \
             records: an interrupted build, or a file from another build): {rebuild}",
            path.display(),
            store.display()
        )));
    }
    saved
}

/// `{store}.cache`.
pub fn cache_dir(store: &Path) -> PathBuf {
    sibling(store, "cache")
}

fn sibling(store: &Path, suffix: &str) -> PathBuf {
    let name = store
        .file_name()
        .map_or_else(|| "store".into(), |n| n.to_string_lossy().into_owned());
    store.with_file_name(format!("{name}.{suffix}"))
}

/// BLAKE3 of the files of `dir` whose names are in `names` (missing files hash as absent).
fn hash_files(dir: &Path, names: &[&str]) -> Result<String> {
    let mut hasher = blake3::Hasher::new();
    for name in names {
        let path = dir.join(name);
        hasher.update(name.as_bytes());
        match std::fs::read(&path) {
            Ok(bytes) => {
                hasher.update(&(bytes.len() as u64).to_le_bytes());
                hasher.update(&bytes);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                hasher.update(b"\0absent");
            }
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    Ok(hasher.finalize().to_hex().to_string())
}

fn document_key(doc: &Document, gazetteer_hash: &str, tag: &str) -> Result<String> {
    let meta =
        serde_json::to_vec(&doc.meta).map_err(|e| Error::store(e.to_string()).caused_by(e))?;
    let mut hasher = blake3::Hasher::new();
    for part in [
        &FORMAT.to_le_bytes()[..],
        tag.as_bytes(),
        gazetteer_hash.as_bytes(),
        &(meta.len() as u64).to_le_bytes(),
        &meta,
        doc.text.as_bytes(),
    ] {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    Ok(hasher.finalize().to_hex().to_string())
}

fn read_cached(cache: &Path, key: &str) -> Option<Contribution> {
    let bytes = std::fs::read(cache.join(format!("{key}.json"))).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn write_cached(cache: &Path, key: &str, contribution: &Contribution) -> Result<()> {
    let path = cache.join(format!("{key}.json"));
    let temp = cache.join(format!(".{key}.tmp-{}", std::process::id()));
    let bytes =
        serde_json::to_vec(contribution).map_err(|e| Error::store(e.to_string()).caused_by(e))?;
    // a `--full` build extracts again what the cache may hold already: leave an identical file
    // alone (replacing thousands of files by rename made the filesystem flush each one)
    if std::fs::read(&path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    fs_err::write(&temp, bytes).map_err(|e| Error::io(&temp, e))?;
    fs_err::rename(&temp, &path).map_err(|e| Error::io(&path, e))
}

/// The extraction cache `{store}.cache/` as the pipeline sees it: contributions by the key of
/// their document ([`document_key`]); the keys of every document asked for are recorded, for
/// the manifest.
struct ExtractionCache<'a> {
    dir: &'a Path,
    /// Read nothing (a `full` build), only write.
    write_only: bool,
    gazetteer_hash: &'a str,
    tag: &'a str,
    keys: std::sync::Mutex<BTreeMap<String, String>>,
}

impl ExtractionCache<'_> {
    fn key(&self, doc: &Document) -> Result<String> {
        let key = document_key(doc, self.gazetteer_hash, self.tag)?;
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(doc.meta.id.to_string(), key.clone());
        Ok(key)
    }

    /// The key of every document seen, by document id.
    fn into_keys(self) -> BTreeMap<String, String> {
        self.keys
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl ContributionCache for ExtractionCache<'_> {
    fn get(&self, doc: &Document) -> Result<Option<Contribution>> {
        let key = self.key(doc)?;
        Ok(if self.write_only {
            None
        } else {
            read_cached(self.dir, &key)
        })
    }

    fn put(&self, doc: &Document, contribution: &Contribution) -> Result<()> {
        let key = document_key(doc, self.gazetteer_hash, self.tag)?;
        write_cached(self.dir, &key, contribution)
    }
}

fn read_manifest(path: &Path) -> Option<Manifest> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Feed one term to a graph's hash (through `buffer`, hashed when full: BLAKE3 hashes a stream,
/// and one update per part was most of the hashing's time): a tag, then each part with its
/// length (unambiguous).
fn hash_term(
    hasher: &mut blake3::Hasher,
    buffer: &mut Vec<u8>,
    term: oxigraph::model::TermRef<'_>,
) {
    use oxigraph::model::TermRef;
    let mut part = |tag: u8, text: &str| {
        buffer.push(tag);
        buffer.extend_from_slice(&(text.len() as u64).to_le_bytes());
        buffer.extend_from_slice(text.as_bytes());
        if buffer.len() >= HASH_BUFFER {
            hasher.update(buffer);
            buffer.clear();
        }
    };
    match term {
        TermRef::NamedNode(node) => part(b'i', node.as_str()),
        TermRef::BlankNode(node) => part(b'b', node.as_str()),
        TermRef::Literal(literal) => {
            part(b'l', literal.value());
            match literal.language() {
                Some(language) => part(b'@', language),
                None => part(b'^', literal.datatype().as_str()),
            }
        }
        #[allow(unreachable_patterns)]
        other => part(b't', &other.to_string()),
    }
}

/// Bytes gathered before they are hashed ([`hash_term`]).
const HASH_BUFFER: usize = 1 << 16;

/// Hash and count the quads of each named graph (`quads` in the table's order: by graph first,
/// then by the text of subject, predicate and object).
pub fn graph_entries(quads: &QuadTable) -> BTreeMap<String, GraphEntry> {
    let ids = quads.ids();
    let mut groups: Vec<&[[u32; 4]]> = Vec::new();
    let mut start = 0;
    for i in 1..=ids.len() {
        if i == ids.len() || ids[i][0] != ids[start][0] {
            groups.push(&ids[start..i]);
            start = i;
        }
    }
    groups
        .into_par_iter()
        .map_init(Vec::new, |buffer, group| {
            // the table sorts quads by the text of their terms, so a graph's quads come in an
            // order fixed by its content alone: hash their terms as they come (raw parts with
            // their lengths, no N-Quads formatting: this runs over every quad of every build)
            let mut hasher = blake3::Hasher::new();
            buffer.clear();
            for &[_, s, p, o] in group {
                for term in [s, p, o] {
                    let term = TermText::parse(quads.term(term));
                    hash_term(&mut hasher, buffer, term.as_ref());
                }
            }
            hasher.update(buffer);
            let name = match quads.term(group[0][0]) {
                DEFAULT_GRAPH => DEFAULT_GRAPH.to_owned(),
                graph => match TermText::parse(graph) {
                    TermText::Iri(iri) => iri.to_owned(),
                    _ => graph.to_owned(),
                },
            };
            (
                name,
                GraphEntry {
                    hash: hasher.finalize().to_hex().to_string(),
                    quads: group.len(),
                },
            )
        })
        .collect()
}

/// Build the graph from `data` into the store at `store`, incrementally when the manifest
/// next to it allows.
pub fn build_store(
    data: &DataDir,
    store: &Path,
    iris: &Iris,
    options: &IncrementalConfig,
    progress: &Progress<'_>,
) -> Result<Built> {
    build_store_alongside(data, Some(store), iris, options, progress, |_, _| {
        ((), Staging::default())
    })
    .map(|(built, _)| built)
}

/// [`build_store`], running `alongside` on the finished graph and its quads in another thread
/// while the store is written (the exports of `diplograph build`: writing the store is the
/// longest stage and keeps only part of the machine busy). `alongside` is not run when
/// [`IncrementalConfig::strict`] found warnings (nothing is written then); its result comes
/// back with the build's, and the files it staged are moved into place with the store's (see
/// "One generation" in the module docs): when the store cannot be written, they are not. The
/// store, its graph and manifest are written whatever `alongside` returns (it stages nothing
/// when it fails).
///
/// With no `store` the graph is built in memory only: no store, manifest or extraction cache
/// is read or written (every document is extracted), and [`Built::report`] says nothing was
/// stored.
pub fn build_store_alongside<T: Send>(
    data: &DataDir,
    store: Option<&Path>,
    iris: &Iris,
    options: &IncrementalConfig,
    progress: &Progress<'_>,
    alongside: impl FnOnce(&BuildOutput, &QuadTable) -> (T, Staging) + Send,
) -> Result<(Built, Option<T>)> {
    // held until the build returns: a second build of the same store fails at once
    let _lock = store
        .map(crate::rdf::store::StoreLock::acquire)
        .transpose()?;
    if let Some(store) = store {
        // the graph's and the manifest's temporaries of builds that were killed
        let parent = match store.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        clean_stale_temporaries(parent);
    }
    let gazetteer_hash = hash_files(&data.gazetteer(), &GAZETTEER_FILES)?
        + &hash_files(&data.reference(), &REFERENCE_FILES)?;
    let facts_hash = hash_files(&data.facts(), &FACTS_FILES)?;
    let manifest_file = store.map(manifest_path);
    let cache_path = store.map(cache_dir);
    let previous = match (store, &manifest_file) {
        (Some(store), Some(manifest_file)) if !options.full && store.exists() => {
            read_manifest(manifest_file)
                .filter(|m| m.format == FORMAT && m.tag == options.tag && m.base == iris.base())
        }
        _ => None,
    };
    if let Some(cache) = &cache_path {
        fs_err::create_dir_all(cache).map_err(|e| Error::io(cache, e))?;
    }
    let cache = cache_path.as_deref().map(|dir| ExtractionCache {
        dir,
        write_only: options.full,
        gazetteer_hash: &gazetteer_hash,
        tag: &options.tag,
        keys: std::sync::Mutex::default(),
    });
    let mut output = build(
        data,
        &BuildOptions {
            cache: cache.as_ref().map(|c| c as &dyn ContributionCache),
            keep_extractions: false,
            progress: *progress,
        },
    )?;
    let keys = cache.map(ExtractionCache::into_keys).unwrap_or_default();
    let mut report = BuildReport {
        reused: output.graph.documents.len() - output.extracted.len(),
        extracted: std::mem::take(&mut output.extracted),
        ..BuildReport::default()
    };
    if options.strict
        && output
            .diagnostics
            .iter()
            .any(|d| d.severity >= crate::model::Severity::Warning)
    {
        let built = Built {
            output,
            quads: QuadTable::default(),
            report,
        };
        return Ok((built, None));
    }
    report.written = true;
    (progress.stage)("making quads");
    let quads = quad_table(&output.graph, iris);
    let (Some(store), Some(manifest_file), Some(cache)) = (store, manifest_file, cache_path) else {
        (progress.stage)("writing without a store");
        let (beside, staged) = alongside(&output, &quads);
        staged.commit()?;
        let built = Built {
            output,
            quads,
            report,
        };
        return Ok((built, Some(beside)));
    };
    // An update needs the graphs' hashes first (to know which changed); a new store does not,
    // and they are computed alongside its writing.
    let known = previous.as_ref().map(|_| graph_entries(&quads));
    (progress.stage)("writing the store");

    let graph_file = graph_path(store);
    let (stored, beside, graphs, graph_json) = std::thread::scope(|scope| {
        let beside = scope.spawn(|| alongside(&output, &quads));
        let graph_json = scope.spawn(|| {
            // The metrics of the default property graph, computed once here and saved with
            // the graph, so that `export` and `stats` read them instead (issue 17).
            let config = GraphConfig {
                iris: iris.clone(),
                ..GraphConfig::default()
            };
            let metrics = PropertyGraph::new(&output.graph, &config).stored_metrics();
            let mut staging = Staging::default();
            snapshot::stage(&output.graph, metrics.as_ref(), &graph_file, &mut staging)
                .map(|hash| (hash, staging))
        });
        let hashing = known
            .is_none()
            .then(|| scope.spawn(|| graph_entries(&quads)));
        let stored = write_graphs(
            store,
            &manifest_file,
            &quads,
            previous.as_ref().zip(known.as_ref()),
            &mut report,
        );
        if !beside.is_finished() {
            (progress.stage)("waiting for the work alongside the store");
        }
        let beside = beside
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        let graphs = match (known, hashing) {
            (Some(graphs), _) => graphs,
            (None, Some(hashing)) => hashing
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            (None, None) => BTreeMap::new(),
        };
        let graph_json = graph_json
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (stored, beside, graphs, graph_json)
    });
    // an error drops the staged files (removing them): the previous graph and exports stay
    stored?;
    let (beside, staged) = beside;
    let (graph_hash, mut staging) = graph_json?;
    let exports: Vec<String> = staged.paths().map(|p| p.display().to_string()).collect();
    staging.extend(staged);
    staging.commit()?;
    report.stored = true;
    if report.full {
        report.replaced_graphs = graphs.keys().cloned().collect();
    }
    let manifest = Manifest {
        format: FORMAT,
        tag: options.tag.clone(),
        base: iris.base().to_owned(),
        gazetteer: gazetteer_hash,
        facts: facts_hash,
        documents: keys,
        graphs,
        graph: graph_hash,
        exports,
    };
    crate::export::write_atomically(&manifest_file, |w| {
        serde_json::to_writer_pretty(&mut *w, &manifest)
            .map_err(|e| Error::store(e.to_string()).caused_by(e))
    })?;
    remove_stale_cache(&cache, manifest.documents.values());
    let built = Built {
        output,
        quads,
        report,
    };
    Ok((built, Some(beside)))
}

/// Bring the store in line with the graph: with the `previous` manifest and the new `graphs`,
/// replace the changed graphs in a transaction, unless past half the store (the bulk loader is
/// faster then) or with no manifest, where a new store is written. The manifest is deleted
/// first: a store being changed has none.
fn write_graphs(
    store: &Path,
    manifest_file: &Path,
    quads: &QuadTable,
    previous: Option<(&Manifest, &BTreeMap<String, GraphEntry>)>,
    report: &mut BuildReport,
) -> Result<()> {
    if manifest_file.exists() {
        fs_err::remove_file(manifest_file).map_err(|e| Error::io(manifest_file, e))?;
    }
    let update = previous.filter(|(previous, graphs)| {
        let changed_quads: usize = graphs
            .iter()
            .filter(|(name, entry)| previous.graphs.get(*name) != Some(entry))
            .map(|(_, entry)| entry.quads)
            .sum();
        changed_quads <= quads.len() / 2
    });
    match update {
        Some((previous, graphs)) => update_store(store, quads, &previous.graphs, graphs, report),
        None => {
            report.full = true;
            write_store(store, quads)
        }
    }
}

/// Replace the changed graphs (in one transaction where the store allows it).
fn update_store(
    store_path: &Path,
    quads: &QuadTable,
    old: &BTreeMap<String, GraphEntry>,
    new: &BTreeMap<String, GraphEntry>,
    report: &mut BuildReport,
) -> Result<()> {
    let changed: BTreeSet<&str> = new
        .iter()
        .filter(|(name, entry)| old.get(*name) != Some(entry))
        .map(|(name, _)| name.as_str())
        .collect();
    let removed: Vec<&str> = old
        .keys()
        .filter(|name| !new.contains_key(*name))
        .map(String::as_str)
        .collect();
    report.replaced_graphs = changed.iter().map(|s| (*s).to_owned()).collect();
    report.removed_graphs = removed.iter().map(|s| (*s).to_owned()).collect();
    crate::rdf::store::replace_graphs(store_path, quads, &changed, &removed)
}

/// Remove cache files of documents that are no longer in the corpus (best effort).
fn remove_stale_cache<'a>(cache: &Path, keys: impl Iterator<Item = &'a String>) {
    let keep: BTreeSet<String> = keys.map(|k| format!("{k}.json")).collect();
    if let Ok(entries) = std::fs::read_dir(cache) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !keep.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}
