#!/usr/bin/env bash
# Checks that each vendored crate's src/ is exactly its crates.io release with its patch series
# (vendor/CRATE/patches/*.patch, `git format-patch` output) applied in order. Fails on any
# difference, so a fork cannot drift from the patches that document it (and that are meant for
# upstream: vendor/oxigraph/UPSTREAM.md). Run from anywhere; .ci/run runs it.
#
# The pristine crates come from cargo's registry cache; if one is missing, a throwaway project
# that depends on it is fetched (crates.io only).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
registry="${CARGO_HOME:-$HOME/.cargo}/registry/cache"

check() {
  local name=$1 version=$2 dir="$here/$1" crate pristine
  crate="$(ls "$registry"/*/"$name-$version.crate" 2>/dev/null | head -n1 || true)"
  if [[ -z "$crate" ]]; then
    mkdir -p "$work/fetch-$name/src"
    printf '[package]\nname = "fetch-%s"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n%s = { version = "=%s", default-features = false }\n' \
      "$name" "$name" "$version" >"$work/fetch-$name/Cargo.toml"
    : >"$work/fetch-$name/src/lib.rs"
    cargo fetch -q --manifest-path "$work/fetch-$name/Cargo.toml"
    crate="$(ls "$registry"/*/"$name-$version.crate" | head -n1)"
  fi
  tar -xzf "$crate" -C "$work"
  pristine="$work/$name-$version"
  for patch in "$dir"/patches/*.patch; do
    # paths in the patches are under vendor/CRATE/
    if ! patch -s -p3 -d "$pristine" --no-backup-if-mismatch <"$patch"; then
      echo "vendor/$name: $(basename "$patch") does not apply to $name $version" >&2
      return 1
    fi
  done
  if ! diff -ru "$pristine/src" "$dir/src" >"$work/$name.diff"; then
    echo "vendor/$name/src differs from $name $version + patches/*.patch:" >&2
    head -n 60 "$work/$name.diff" >&2
    echo "make the change a patch: commit it, then regenerate the series with" >&2
    echo "  git format-patch --zero-commit --no-signature -o vendor/$name/patches IMPORT..HEAD -- vendor/$name/src" >&2
    echo "(IMPORT: the commit that vendored it verbatim, see vendor/$name/PATCH.md)" >&2
    return 1
  fi
  echo "vendor/$name/src = $name $version + $(ls "$dir"/patches/*.patch | wc -l) patches"
}

check oxigraph 0.5.13
check spareval 0.2.9
