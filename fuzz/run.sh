#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 60), seeded from the bundled
# claims and corpus. Needs the nightly toolchain; installs cargo-fuzz if missing.
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(claims_parse anchoring normalization)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
# Seeds: the bundled claims files, the documents, and a selector per document.
mkdir -p corpus/claims_parse corpus/normalization corpus/anchoring
cp ../claims/*.toml ../claims/*/*.toml corpus/claims_parse/ 2>/dev/null || true
for doc in ../corpus/*.txt ../corpus/*/*.txt; do
  name=$(basename "$doc" .txt)
  head -c 4000 "$doc" > "corpus/normalization/$name"
  { printf '\x07\x10\x00'; head -c 2000 "$doc"; printf '\0the\0 \0 '; } > "corpus/anchoring/$name"
done
for t in "${targets[@]}"; do
  echo "== $t for ${secs}s"
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$secs"
done
