#!/usr/bin/env bash
# Makes docs/report-page.png: the report's page of the Bell article after two
# edits to a copy of it (one quote altered, one sentence gone), as headless
# Chromium draws it. Needs chromium and a built claimtrack (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CLAIMTRACK:-target/release/claimtrack}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r claims corpus "$work/"
doc="$work/corpus/the-bell/mikhailov-crowdstrike.txt"
sed -i 's/Mikhailov passed on the information to Crowdstrike through an intermediary\./Mikhailov passed some information to Crowdstrike via an intermediary./' "$doc"
sed -i 's/ This is recorded in court documents in the case against Seleznev\.//' "$doc"
"$bin" -C "$work" report --title "claimtrack example" >/dev/null || true
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size=1280,1250 --screenshot="$PWD/docs/report-page.png" \
  "file://$work/report/doc/the-bell/mikhailov-crowdstrike.html" 2>/dev/null
echo "wrote docs/report-page.png"
