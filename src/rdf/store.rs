//! The store on disk: where `build` leaves the quads and `query`, `serve`, `export`, `check`,
//! `publish` and `push` find them.
//!
//! Two kinds, chosen when diplograph is compiled:
//! - **snapshot** (the default): oxigraph's in-memory store, saved as one sorted N-Quads file
//!   (`{store}/quads.nq`) and loaded in full by each command that reads it. It compiles from
//!   Rust alone and is the fastest to write; opening it costs a parse of the file.
//! - **RocksDB** (cargo feature `rocksdb`): oxigraph's on-disk store, opened without loading,
//!   which pays for large corpora read many times (see the README's "Which store").
//!
//! Either way a store is a directory built in a temporary sibling and swapped in with renames, so
//! an interrupted build leaves the previous store usable, and a build holds `{store}.lock` for
//! its whole run so that two builds never write one store.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use oxigraph::store::Store;

use super::QuadTable;
use rayon::prelude::*;

use crate::error::{Error, Result};

/// Which store this binary writes: `"snapshot"` or `"rocksdb"`.
#[cfg(not(feature = "rocksdb"))]
pub const BACKEND: &str = "snapshot";
/// Which store this binary writes: `"snapshot"` or `"rocksdb"`.
#[cfg(feature = "rocksdb")]
pub const BACKEND: &str = "rocksdb";

/// The snapshot file inside a snapshot store directory.
pub const SNAPSHOT_FILE: &str = "quads.nq";

/// What a store directory holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// A sorted N-Quads snapshot ([`SNAPSHOT_FILE`]).
    Snapshot,
    /// A RocksDB database (has a `CURRENT` file).
    RocksDb,
}

/// What kind of store is at `path`, or an error that says what is wrong and what to do.
pub fn store_kind(path: &Path) -> Result<StoreKind> {
    let not_a_store = |why: &str| {
        Error::store(format!(
            "`{}` is not a diplograph store ({why}): run `diplograph build --store {}` to make one",
            path.display(),
            path.display()
        ))
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::store(format!(
                "no store at `{}`: run `diplograph build` first (or pass --store)",
                path.display()
            )));
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    if !meta.is_dir() {
        return Err(not_a_store("it is a file, not a directory"));
    }
    if path.join(SNAPSHOT_FILE).is_file() {
        Ok(StoreKind::Snapshot)
    } else if path.join("CURRENT").is_file() {
        Ok(StoreKind::RocksDb)
    } else if std::fs::read_dir(path)
        .map_err(|e| Error::io(path, e))?
        .next()
        .is_none()
    {
        Err(not_a_store("the directory is empty"))
    } else {
        Err(not_a_store(&format!(
            "neither a snapshot `{SNAPSHOT_FILE}` nor a RocksDB `CURRENT` file in it"
        )))
    }
}

/// Open an existing store for reading (queries, exports, pages).
///
/// A snapshot is loaded into memory; a RocksDB store is opened read-only. Errors name the path
/// and say what to do; none of them is a crash (an empty directory, a plain file, a corrupt
/// store, a store of the other kind).
pub fn open_store(path: &Path) -> Result<Store> {
    recover(path);
    match store_kind(path)? {
        StoreKind::Snapshot => load_snapshot(&path.join(SNAPSHOT_FILE)),
        StoreKind::RocksDb => open_rocksdb(path),
    }
}

#[cfg(feature = "rocksdb")]
fn open_rocksdb(path: &Path) -> Result<Store> {
    Store::open_read_only(path).map_err(|e| {
        Error::store(format!(
            "{}: {e} (a damaged store: run `diplograph build --full` to rebuild it)",
            path.display()
        ))
    })
}

#[cfg(not(feature = "rocksdb"))]
fn open_rocksdb(path: &Path) -> Result<Store> {
    Err(Error::store(format!(
        "`{}` is a RocksDB store, and this diplograph was built without RocksDB: rebuild the store \
         with `diplograph build --full --store {}`, or install diplograph with `--features rocksdb`",
        path.display(),
        path.display()
    )))
}

/// Every quad of the store at `path`, for an export: a snapshot's file is parsed straight into
/// quads, split over the cores (no store is built: loading oxigraph's in-memory store inserts one
/// quad at a time and was almost all of an export's time), a RocksDB store is read graph by
/// graph ([`super::read_quads`]).
pub fn read_store_quads(path: &Path) -> Result<Vec<Quad>> {
    recover(path);
    match store_kind(path)? {
        StoreKind::Snapshot => {
            let file = path.join(SNAPSHOT_FILE);
            parse_snapshot(&file, &read_file(&file)?)
        }
        StoreKind::RocksDb => super::read_quads(&open_rocksdb(path)?),
    }
}

/// The snapshot file of the store at `path` and its bytes, or `None` for a RocksDB store.
pub fn read_snapshot(path: &Path) -> Result<Option<(PathBuf, Vec<u8>)>> {
    recover(path);
    match store_kind(path)? {
        StoreKind::Snapshot => {
            let file = path.join(SNAPSHOT_FILE);
            let bytes = read_file(&file)?;
            Ok(Some((file, bytes)))
        }
        StoreKind::RocksDb => Ok(None),
    }
}

fn read_file(file: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(file)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| Error::io(file, e))?;
    Ok(bytes)
}

/// The quads of a snapshot file's `bytes`, in file order, parsed in parallel pieces cut at line
/// ends.
pub fn parse_snapshot(file: &Path, bytes: &[u8]) -> Result<Vec<Quad>> {
    let threads = rayon::current_num_threads();
    // more pieces than cores, so that a slow piece does not hold the others up
    let parsers = RdfParser::from_format(RdfFormat::NQuads)
        .split_slice_for_parallel_parsing(bytes, threads * 4);
    let parts: Vec<Vec<Quad>> = parsers
        .into_par_iter()
        .map(|parser| parser.collect::<std::result::Result<Vec<Quad>, _>>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| damaged(file, &e))?;
    let mut quads = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        quads.extend(part);
    }
    Ok(quads)
}

fn damaged(file: &Path, e: &dyn std::fmt::Display) -> Error {
    Error::store(format!(
        "{}: {e} (a damaged snapshot: run `diplograph build --full` to rebuild it)",
        file.display()
    ))
}

/// Load a snapshot file into a new in-memory store.
fn load_snapshot(file: &Path) -> Result<Store> {
    let store = Store::new().map_err(|e| Error::store(e.to_string()).caused_by(e))?;
    let bytes = read_file(file)?;
    let mut loader = store.bulk_loader();
    loader
        .parallel_load_from_slice(RdfParser::from_format(RdfFormat::NQuads), &bytes)
        .map_err(|e| damaged(file, &e))?;
    loader
        .commit()
        .map_err(|e| Error::store(format!("{}: {e}", file.display())).caused_by(e))?;
    Ok(store)
}

/// Write `quads` into a new store at `path` (of this binary's [`BACKEND`]), replacing any store
/// there only once the new one is complete: the store is built in a sibling temporary directory
/// and swapped in with renames.
pub fn write_store(path: &Path, quads: &QuadTable) -> Result<()> {
    let (parent, name) = parent_and_name(path);
    fs_err::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let pid = std::process::id();
    let fresh = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    if fresh.exists() {
        fs_err::remove_dir_all(&fresh).map_err(|e| Error::io(&fresh, e))?;
    }
    write_fresh(&fresh, quads)?;
    if path.exists() {
        fs_err::rename(path, &old).map_err(|e| Error::io(path, e))?;
    }
    fs_err::rename(&fresh, path).map_err(|e| Error::io(path, e))?;
    if old.exists() {
        fs_err::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    }
    Ok(())
}

/// The snapshot: the table's quads as N-Quads lines, in its order (the bytes oxigraph's N-Quads
/// serializer writes; see [`QuadTable::write_nquads`]), synced to disk as it is written
/// ([`SyncingFile`]).
#[cfg(not(feature = "rocksdb"))]
fn write_fresh(dir: &Path, quads: &QuadTable) -> Result<()> {
    use std::io::BufWriter;
    fs_err::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let file = dir.join(SNAPSHOT_FILE);
    let out = File::create(&file).map_err(|e| Error::io(&file, e))?;
    let out = SyncingFile::new(out).map_err(|e| Error::io(&file, e))?;
    let mut out = BufWriter::with_capacity(1 << 20, out);
    quads
        .write_nquads(quads.ids(), &mut out)
        .map_err(|e| Error::io(&file, e))?;
    out.into_inner()
        .map_err(|e| Error::io(&file, e.into_error()))?
        .finish()
        .map_err(|e| Error::io(&file, e))
}

/// A file being written that is synced to disk as it goes: every [`SyncingFile::EVERY`] bytes
/// a thread of its own syncs what is written so far, while the writer goes on, and
/// [`SyncingFile::finish`] syncs the rest. A large file written whole and synced at the end
/// waited for all of it at once: the system starts writing dirty pages back only past a tenth
/// of the memory, and the 2.1 GB snapshot of 10M quads then took 8 s to sync on this machine's
/// disk, after it was written.
pub(crate) struct SyncingFile {
    file: File,
    written: u64,
    ask: Option<std::sync::mpsc::SyncSender<()>>,
    syncer: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl SyncingFile {
    /// Bytes written between two syncs.
    const EVERY: u64 = 64 << 20;

    /// Start syncing `file` as it is written.
    pub(crate) fn new(file: File) -> std::io::Result<Self> {
        let clone = file.try_clone()?;
        // one request waits at most: requests made while a sync runs are merged into it
        let (ask, asked) = std::sync::mpsc::sync_channel::<()>(1);
        let syncer = std::thread::spawn(move || {
            while asked.recv().is_ok() {
                clone.sync_data()?;
            }
            Ok(())
        });
        Ok(Self {
            file,
            written: 0,
            ask: Some(ask),
            syncer: Some(syncer),
        })
    }

    /// Wait for the syncs under way, then sync the whole file (data and metadata).
    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        self.stop()?;
        self.file.sync_all()
    }

    fn stop(&mut self) -> std::io::Result<()> {
        drop(self.ask.take());
        match self.syncer.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Ok(()),
        }
    }
}

impl Write for SyncingFile {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(bytes)?;
        let before = self.written / Self::EVERY;
        self.written += n as u64;
        if self.written / Self::EVERY != before
            && let Some(ask) = &self.ask
        {
            // a full channel means a sync is asked for already
            let _ = ask.try_send(());
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for SyncingFile {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

#[cfg(feature = "rocksdb")]
fn write_fresh(dir: &Path, quads: &QuadTable) -> Result<()> {
    let store = Store::open(dir)
        .map_err(|e| Error::store(format!("{}: {e}", dir.display())).caused_by(e))?;
    super::load_table(&store, quads)?;
    store
        .flush()
        .map_err(|e| Error::store(format!("{}: {e}", dir.display())).caused_by(e))
    // no `optimize()`: the bulk loader has written sorted SST files already, and a full
    // compaction on top of it took a third of the store-writing time of a 1M-quad build
}

/// Replace the named graphs `changed` (with their quads from `quads`, the whole new dataset)
/// and remove the graphs `removed`, in one transaction where the store has them (RocksDB); a
/// snapshot is rewritten whole from `quads`, which is cheaper than loading it first.
pub fn replace_graphs(
    path: &Path,
    quads: &QuadTable,
    changed: &std::collections::BTreeSet<&str>,
    removed: &[&str],
) -> Result<()> {
    if changed.is_empty() && removed.is_empty() {
        return Ok(());
    }
    match store_kind(path) {
        Ok(StoreKind::RocksDb) => replace_graphs_rocksdb(path, quads, changed, removed),
        _ => write_store(path, quads),
    }
}

#[cfg(feature = "rocksdb")]
fn replace_graphs_rocksdb(
    path: &Path,
    quads: &QuadTable,
    changed: &std::collections::BTreeSet<&str>,
    removed: &[&str],
) -> Result<()> {
    use super::table::TermText;
    let store_error = |e: &dyn std::fmt::Display| Error::store(format!("{}: {e}", path.display()));
    let store = Store::open(path).map_err(|e| store_error(&e))?;
    let mut transaction = store.start_transaction().map_err(|e| store_error(&e))?;
    for name in changed.iter().chain(removed) {
        let graph = oxigraph::model::NamedNodeRef::new(name).map_err(|e| store_error(&e))?;
        transaction
            .remove_named_graph(graph)
            .map_err(|e| store_error(&e))?;
    }
    for quad in quads.ids() {
        if let TermText::Iri(graph) = TermText::parse(quads.term(quad[0]))
            && changed.contains(graph)
        {
            quads.with_quad(*quad, |quad| transaction.insert(quad));
        }
    }
    transaction.commit().map_err(|e| store_error(&e))?;
    store.flush().map_err(|e| store_error(&e))
}

#[cfg(not(feature = "rocksdb"))]
fn replace_graphs_rocksdb(
    path: &Path,
    quads: &QuadTable,
    _changed: &std::collections::BTreeSet<&str>,
    _removed: &[&str],
) -> Result<()> {
    // this binary cannot write RocksDB: the store becomes a snapshot
    write_store(path, quads)
}

/// An exclusive lock on a store for the whole of a build: `{store}.lock`, held until dropped.
/// A second build of the same store fails at once with the holder's process id; the lock is
/// the operating system's, so a killed build leaves nothing held.
#[derive(Debug)]
pub struct StoreLock {
    _file: File,
    path: PathBuf,
}

impl StoreLock {
    /// Take the lock of the store at `store`, or fail if another process holds it.
    pub fn acquire(store: &Path) -> Result<Self> {
        let (parent, name) = parent_and_name(store);
        fs_err::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let path = parent.join(format!("{name}.lock"));
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let who = if holder.is_empty() {
                    String::new()
                } else {
                    format!(" (pid {holder})")
                };
                return Err(Error::store(format!(
                    "another build is writing the store `{}`{who}: wait for it to finish, or use \
                     another --store",
                    store.display()
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        file.set_len(0).map_err(|e| Error::io(&path, e))?;
        write!(file, "{}", std::process::id()).map_err(|e| Error::io(&path, e))?;
        file.flush().map_err(|e| Error::io(&path, e))?;
        let lock = Self { _file: file, path };
        clean_stale(store);
        Ok(lock)
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Remove the temporary directories of builds that were killed midway (only while holding the
/// store's lock: no other build can be writing them then). A previous store left aside by a
/// build killed between its two renames is put back first.
fn clean_stale(store: &Path) {
    if !store.exists() {
        put_back(store);
    }
    let (parent, name) = parent_and_name(store);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&format!(".{name}.new-"))
            || file_name.starts_with(&format!(".{name}.old-"))
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Recover from a build killed between its two renames: put the previous store back.
///
/// Only when no build holds the store's lock: a build that is between its two renames right now
/// would otherwise find its store back in the way and fail. While a build holds the lock, a
/// missing store is waited for (a swap takes milliseconds) for up to two seconds.
fn recover(path: &Path) {
    if path.exists() {
        return;
    }
    let (parent, name) = parent_and_name(path);
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(parent.join(format!("{name}.lock")));
    if let Ok(lock) = &lock
        && lock.try_lock().is_err()
    {
        for _ in 0..20 {
            if path.exists() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        return;
    }
    // the lock (if any) is held by this process until `lock` is dropped
    put_back(path);
}

/// Rename the `.{name}.old-*` directory left by a killed build back to `path`.
fn put_back(path: &Path) {
    let (parent, name) = parent_and_name(path);
    let prefix = format!(".{name}.old-");
    if let Ok(entries) = std::fs::read_dir(&parent) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) && !path.exists() {
                let _ = std::fs::rename(entry.path(), path);
            }
        }
    }
}

fn parent_and_name(path: &Path) -> (PathBuf, String) {
    let name = path
        .file_name()
        .map_or_else(|| "store".into(), |n| n.to_string_lossy().into_owned());
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}
