#!/usr/bin/env bash
# Checks that vendor/oxigraph/src is exactly oxigraph 0.5.13 from crates.io with the patch series
# vendor/oxigraph/patches/*.patch applied, in order. Fails on any difference, so the fork cannot
# drift from the patches that document it (and that are meant for upstream: UPSTREAM.md).
#
# The pristine crate comes from cargo's registry cache; if it is not there, a throwaway project
# that depends on oxigraph =0.5.13 is fetched (crates.io only). Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version=0.5.13
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

crate="$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/oxigraph-$version.crate 2>/dev/null | head -n1 || true)"
if [[ -z "$crate" ]]; then
  mkdir -p "$work/fetch/src"
  printf '[package]\nname = "fetch-oxigraph"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\noxigraph = { version = "=%s", default-features = false }\n' \
    "$version" >"$work/fetch/Cargo.toml"
  : >"$work/fetch/src/lib.rs"
  cargo fetch -q --manifest-path "$work/fetch/Cargo.toml"
  crate="$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/oxigraph-$version.crate | head -n1)"
fi

tar -xzf "$crate" -C "$work"
pristine="$work/oxigraph-$version"
for patch in "$here"/patches/*.patch; do
  # the patches are `git format-patch` output with paths under vendor/oxigraph/
  if ! patch -s -p3 -d "$pristine" --no-backup-if-mismatch <"$patch"; then
    echo "vendor/oxigraph: $(basename "$patch") does not apply to oxigraph $version" >&2
    exit 1
  fi
done
if ! diff -ru "$pristine/src" "$here/src" >"$work/diff"; then
  echo "vendor/oxigraph/src differs from oxigraph $version + patches/*.patch:" >&2
  head -n 60 "$work/diff" >&2
  echo "make the change a patch: commit it, then regenerate the series with" >&2
  echo "  git format-patch --zero-commit --no-signature -o vendor/oxigraph/patches ea1f414..HEAD -- vendor/oxigraph/src" >&2
  exit 1
fi
echo "vendor/oxigraph/src = oxigraph $version + $(ls "$here"/patches/*.patch | wc -l) patches"
