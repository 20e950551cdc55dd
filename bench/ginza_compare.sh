#!/usr/bin/env bash
# diplograph vs GiNZA (spaCy ja_ginza) on the corpus and the held-out set: entity F1 against the
# gold files and characters per second. A benchmark, not a test: GiNZA is large and is not in
# .ci/requirements.txt. Install it first with: pip install ja-ginza
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import spacy, ja_ginza' 2>/dev/null || { echo "GiNZA is not installed: pip install ja-ginza" >&2; exit 1; }
cargo build --release --locked --quiet
python3 bench/ginza_compare.py --bin target/release/diplograph "$@"
