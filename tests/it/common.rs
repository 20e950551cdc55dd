//! Shared helpers: building the bundled data and the mini fixture once per test binary.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use diplograph::build::{BuildConfig, BuildOutput, build};

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
        build(&BuildConfig::from_data_dir(data_dir()), &|_| {}).expect("bundled data builds")
    })
}

/// The graph built from the mini fixture (built once).
pub(crate) fn mini() -> &'static BuildOutput {
    static OUTPUT: OnceLock<BuildOutput> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        build(&BuildConfig::from_data_dir(mini_dir()), &|_| {}).expect("mini fixture builds")
    })
}
