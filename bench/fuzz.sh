#!/usr/bin/env bash
# Fuzz the input parsers (dates, extracted dates, document header, gazetteer CSV, facts CSV) for a bounded time.
#
#   bench/fuzz.sh [SECONDS_PER_TARGET]     (default 60)
#
# With a nightly toolchain and cargo-fuzz installed, runs the libFuzzer targets of fuzz/
# (coverage-guided). Otherwise (this project's machines have stable Rust only) runs the
# stable harness of tests/it/fuzz.rs in release mode: proptest-generated and mutated inputs,
# no coverage guidance. Exits non-zero, with the input saved, on the first panic.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets=(partial_date extract_dates document_header gazetteer_csv facts_csv)
if cargo +nightly --version >/dev/null 2>&1 && cargo fuzz --version >/dev/null 2>&1; then
  for target in "${targets[@]}"; do
    echo "== cargo fuzz run $target ($seconds s)" >&2
    cargo +nightly fuzz run "$target" -- -max_total_time="$seconds"
  done
else
  echo "no nightly toolchain with cargo-fuzz: running the stable harness (tests/it/fuzz.rs)" >&2
  DIPLOGRAPH_FUZZ_SECONDS="$seconds" cargo test --release --locked --test it fuzz::fuzz_ \
    -- --nocapture --test-threads=1
fi
