#!/usr/bin/env bash
# Publishing, end to end, with the real tools: mdBook (pinned, installed
# with `cargo install --locked`) builds the sample book and a book with a
# broken map; MkDocs with Material (pinned, from PyPI, in a virtual
# environment) builds the sample site; the Docusaurus plugin runs through
# MDX's own compiler. Every built page is then opened in headless Chromium
# (tests/browser/site-check.mjs): every map drawn, no text outside its box,
# WCAG AA contrast in the site's light and dark themes, no id used twice.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
tools="$target/tools"
MDBOOK_VERSION=0.5.4
MKDOCS_VERSION=1.6.1
MATERIAL_VERSION=9.8.2

# The `journey` the sites call: this checkout's, always rebuilt.
(cd "$root" && cargo build --locked --quiet --bin journey)
export PATH="$target/debug:$tools/bin:$PATH"
export JOURNEY="$target/debug/journey"

# Versions are read whole before grep (`grep -q` closing a pipe early fails under pipefail).
if [[ "$(mdbook --version 2>/dev/null || true)" != *"v$MDBOOK_VERSION"* ]]; then
  echo "== installing mdbook $MDBOOK_VERSION (cargo install --locked; \`build\` only: no serve or watch, a third less to compile)"
  cargo install mdbook --version "$MDBOOK_VERSION" --locked --root "$tools" --quiet --no-default-features --features search
fi
if [ ! -d "$root/tests/browser/node_modules/puppeteer-core" ]; then
  (cd "$root/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
fi
check() { node "$root/tests/browser/site-check.mjs" "$@"; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "== mdBook $MDBOOK_VERSION: the sample book (examples/book)"
mdbook build "$root/examples/book" -d "$out/sample"
pages=()
while IFS= read -r page; do pages+=("$page"); done < <(cd "$out/sample" && find . -name '*.html' ! -name 404.html ! -name toc.html | sort)
(cd "$out/sample" && check mdbook light,coal "${pages[@]}")

echo "== mdBook: a broken map fails the build, at the chapter's line and column"
cp -r "$root/tests/fixtures/books/three-maps" "$out/broken"
chapter="src/three-maps.maps-2.errors-1.md"
line=$(grep -n 'channel phone' "$out/broken/$chapter" | cut -d: -f1)
column=$(awk -v n="$line" 'NR == n { print index($0, "phone") }' "$out/broken/$chapter")
if (cd "$out/broken" && mdbook build) > "$out/broken.log" 2>&1; then
  cat "$out/broken.log"
  echo "FAIL: mdbook build passed with a broken map" >&2
  exit 1
fi
if ! grep -q "$chapter:$line:$column" "$out/broken.log" || ! grep -q "error\[E0010\]" "$out/broken.log"; then
  cat "$out/broken.log"
  echo "FAIL: the error does not say $chapter:$line:$column" >&2
  exit 1
fi
echo "ok   the build failed with error[E0010] at $chapter:$line:$column"

echo "== mdBook: on-error = \"warn\" builds, with an error box in the page; markdown renderer gets image files"
(cd "$out/broken" && MDBOOK_PREPROCESSOR__JOURNEY__ON_ERROR=warn mdbook build) > "$out/warned.log" 2>&1 || { cat "$out/warned.log"; exit 1; }
(cd "$out/broken/book/html" && check mdbook light,coal three-maps.maps-2.errors-1.html)
drawn="$out/broken/book/markdown/three-maps.maps-2.errors-1.md"
images=$(grep -oE 'journey-maps/[A-Za-z0-9_-]+-[0-9a-f]{16}\.svg' "$drawn" | sort -u)
[ "$(echo "$images" | wc -l)" -eq 2 ] || { cat "$drawn"; echo "FAIL: expected 2 image links" >&2; exit 1; }
for image in $images; do
  [ -f "$out/broken/src/$image" ] || { echo "FAIL: $image was not written" >&2; exit 1; }
done
grep -q 'class="journey-error"' "$drawn" || { echo "FAIL: no error box for the markdown renderer" >&2; exit 1; }
before=$(stat -c %Y "$out"/broken/src/journey-maps/*.svg)
sleep 1
(cd "$out/broken" && MDBOOK_PREPROCESSOR__JOURNEY__ON_ERROR=warn mdbook build) > /dev/null 2>&1
[ "$before" = "$(stat -c %Y "$out"/broken/src/journey-maps/*.svg)" ] || { echo "FAIL: a second build rewrote the images" >&2; exit 1; }
echo "ok   2 image files for the markdown renderer, left alone by a second build"

echo "== MkDocs $MKDOCS_VERSION with Material $MATERIAL_VERSION (PyPI, in a virtual environment)"
venv="$tools/mkdocs-venv"
if [[ "$("$venv/bin/mkdocs" --version 2>/dev/null || true)" != *"version $MKDOCS_VERSION "* ]] \
  || [[ "$("$venv/bin/pip" show mkdocs-material 2>/dev/null || true)" != *"Version: $MATERIAL_VERSION"* ]]; then
  python3 -m venv "$venv" 2>/dev/null || {
    # Debian's own Python keeps venv in a package of its own.
    [ "$(id -u)" -eq 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$venv"
  }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "mkdocs==$MKDOCS_VERSION" "mkdocs-material==$MATERIAL_VERSION"
fi
export NO_MKDOCS_2_WARNING=1
(cd "$root/examples/mkdocs" && "$venv/bin/mkdocs" build --quiet --strict -d "$out/mkdocs")
(cd "$out/mkdocs" && check mkdocs default,slate index.html farm-loan/index.html)

echo "== MkDocs: a broken map fails the build at the page's line and column; on-error: warn shows a box"
mkdir -p "$out/mkbroken/docs"
cp -r "$root/tests/fixtures/books/three-maps/maps" "$out/mkbroken/docs/maps"
cp "$root/tests/fixtures/books/three-maps/$chapter" "$out/mkbroken/docs/three-maps.maps-2.errors-1.md"
# The page's folder is the project: the map moves in beside it. And the
# page gets front matter, which MkDocs takes off before the hook sees it:
# the line reported must still be the file's own.
sed -i 's|file=../maps/|file=maps/|' "$out/mkbroken/docs/three-maps.maps-2.errors-1.md"
sed -i '1i ---\ntitle: A broken page\n---' "$out/mkbroken/docs/three-maps.maps-2.errors-1.md"
mkline=$((line + 3))
site() { # ON_ERROR
  printf 'site_name: Broken\ntheme:\n  name: material\n  font: false\n  palette:\n    - scheme: default\n      toggle: {icon: material/brightness-7, name: Dark}\n    - scheme: slate\n      toggle: {icon: material/brightness-4, name: Light}\nhooks:\n  - %s\nextra:\n  journey:\n    on-error: %s\n' \
    "$root/integrations/mkdocs/journey_hook.py" "$1" > "$out/mkbroken/mkdocs.yml"
}
site fail
if (cd "$out/mkbroken" && "$venv/bin/mkdocs" build --quiet -d "$out/mkbroken/site") > "$out/mkbroken.log" 2>&1; then
  cat "$out/mkbroken.log"; echo "FAIL: mkdocs build passed with a broken map" >&2; exit 1
fi
grep -q "docs/three-maps.maps-2.errors-1.md:$mkline:$column" "$out/mkbroken.log" || { cat "$out/mkbroken.log"; echo "FAIL: no position" >&2; exit 1; }
echo "ok   mkdocs build failed with the map's error at docs/three-maps.maps-2.errors-1.md:$mkline:$column (below the front matter)"
site warn
(cd "$out/mkbroken" && "$venv/bin/mkdocs" build --quiet -d "$out/mkbroken/site") > "$out/mkwarned.log" 2>&1 || { cat "$out/mkwarned.log"; exit 1; }
(cd "$out/mkbroken/site" && check mkdocs default,slate three-maps.maps-2.errors-1/index.html)

echo "== MkDocs' own theme (mkdocs, Bootstrap's data-bs-theme): the maps follow its colour mode"
printf 'site_name: Plain\ntheme:\n  name: mkdocs\n  color_mode: light\nhooks:\n  - %s\nextra:\n  journey:\n    on-error: warn\n' \
  "$root/integrations/mkdocs/journey_hook.py" > "$out/mkbroken/mkdocs.yml"
(cd "$out/mkbroken" && "$venv/bin/mkdocs" build --quiet -d "$out/mkbroken/plain") > "$out/mkplain.log" 2>&1 || { cat "$out/mkplain.log"; exit 1; }
(cd "$out/mkbroken/plain" && check bootstrap light,dark three-maps.maps-2.errors-1/index.html)

echo "== Docusaurus: remark-journey through MDX's compiler and React's renderer"
docusaurus="$root/integrations/docusaurus"
if [ ! -d "$docusaurus/node_modules/@mdx-js/mdx" ]; then
  (cd "$docusaurus" && npm ci --no-audit --no-fund --loglevel=error)
fi
(cd "$docusaurus" && node --test test/)
