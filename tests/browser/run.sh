#!/usr/bin/env bash
# Draws every example (and a stress journey) as SVG and Mermaid with the
# real `journey` binary, then checks them in headless Chromium:
#   svg-check.mjs      every text inside its box (the browser's getBBox), no two cards overlapping
#   html-check.mjs     the HTML page: no sideways scroll, the whole map in view on a laptop, the title once
#   actors-check.mjs   the farm-loan map: a curve and a swimlane per persona, outcomes, loops, exits, delights, moments
#   mermaid-check.mjs  Mermaid's own parser accepts the text, and every stage and step is drawn
# Installs what it needs: Debian's chromium (apt) and the npm packages in this folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
journey="${JOURNEY:-$target/debug/journey}"

if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM:-}" ]; then
  echo "== installing chromium (Debian package)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing: run 'sudo apt-get install -y chromium' (or set CHROMIUM=/path/to/chrome)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d "$here/node_modules/puppeteer-core" ] || [ ! -d "$here/node_modules/mermaid" ]; then
  echo "== npm ci (tests/browser)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
# Always build: an old binary would test old code.
[ -n "${JOURNEY:-}" ] || (cd "$root" && cargo build --locked --quiet --bin journey)

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$root"
build() { # NAME PATH [FLAGS…]
  local name="$1" path="$2"
  shift 2
  "$journey" build "$path" --format svg,mermaid -o "$out/$name" -q "$@"
}
for example in examples/*.journey; do
  build "$(basename "$example" .journey)" "$example"
done
build saas examples/saas
build stress tests/fixtures/render/stress.journey
build hostile-labels tests/fixtures/render/hostile-labels.journey
build grocery-dark examples/grocery.journey --theme dark
build grocery-emotion examples/grocery.journey --view emotion
build data-sharing-blueprint examples/data-sharing.journey --view blueprint
build saas-jo examples/saas --persona jo
build farm-loan-luis examples/farm-loan.journey --persona luis
build farm-loan-emotion examples/farm-loan.journey --view emotion
build farm-loan-blueprint examples/farm-loan.journey --view blueprint

"$journey" build examples/farm-loan.journey examples/grocery.journey --format html --theme auto -o "$out/html" -q
echo "== HTML pages at a phone's, a laptop's and a wide screen's width"
node "$here/html-check.mjs" "$out"/html/*.html

echo "== SVG in Chromium"
node "$here/svg-check.mjs" "$out"/*/*.svg
echo "== Several actors: curves, swimlanes, outcomes, loops, exits, delights, moments"
node "$here/actors-check.mjs" "$out/farm-loan/farm_loan.svg" 2 Approved Rejected "Documents missing" Complete "Leaves: Turns to a private lender"
# `journey markdown --mermaid`: every example as a ```mermaid block of a page (for GitHub).
mkdir -p "$out/page"
cp -r examples/*.journey examples/saas "$out/page/"
for map in "$out"/page/*.journey "$out"/page/saas/onboarding.journey "$out"/page/saas/renewal.journey; do
  printf '```journey file=%s\n```\n\n' "${map#"$out/page/"}"
done > "$out/page/README.md"
"$journey" markdown "$out/page/README.md" --mermaid -q
mkdir -p "$out/from-markdown"
awk -v dir="$out/from-markdown" '/^```mermaid$/ { n++; file = dir "/block-" n ".mmd"; next } /^```$/ { file = "" } file { print > file }' "$out/page/README.md"
echo "== Mermaid's parser ($(ls "$out/from-markdown" | wc -l) blocks from journey markdown --mermaid, and every .mmd)"
node "$here/mermaid-check.mjs" "$out"/*/*.mmd
