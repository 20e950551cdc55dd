//! Integration tests: the library on the bundled data and the real binary.

mod cli;
mod fuzz;
mod incremental;
mod robustness;
mod shacl;
