//! Shared helpers: building the bundled data and the mini fixture once per test binary.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use diplograph::DataDir;
use diplograph::build::{BuildOptions, BuildOutput, build};

/// The repository's root.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled data directory.
pub(crate) fn data_dir() -> PathBuf {
    root().join("data")
}

/// The mini fixture's data directory.
pub(crate) fn mini_dir() -> PathBuf {
    root().join("tests/fixtures/mini")
}

/// The graph built from the bundled data (built once).
pub(crate) fn bundled() -> &'static BuildOutput {
    static OUTPUT: OnceLock<BuildOutput> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        build(&DataDir::new(data_dir()), &BuildOptions::default()).expect("bundled data builds")
    })
}

/// The graph built from the mini fixture (built once).
pub(crate) fn mini() -> &'static BuildOutput {
    static OUTPUT: OnceLock<BuildOutput> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        build(&DataDir::new(mini_dir()), &BuildOptions::default()).expect("mini fixture builds")
    })
}
