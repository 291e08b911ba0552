#!/usr/bin/env bash
# The cost of maps in a documentation build, where a person waits for it:
# a generated mdBook of 100 chapters with one map each (the grocery
# example's size: 4 stages, 8 steps, KPIs), built by the real mdBook with
# and without the `journey mdbook` preprocessor, side by side in one run.
# Target (docs/performance.md): the maps add under 1 s in total.
#
#   bash benches/book.sh            # needs mdbook on the PATH (tests/sites/run.sh installs it in target/tools)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
(cd "$root" && cargo build --release --locked --quiet --bin journey)
export PATH="$target/release:$target/tools/bin:$PATH"
command -v mdbook >/dev/null || { echo "mdbook is not on the PATH: run tests/sites/run.sh once, or cargo install mdbook --locked" >&2; exit 1; }
chapters="${CHAPTERS:-100}"
runs="${RUNS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

make_book() { # DIR WITH_MAPS
  mkdir -p "$1/src"
  printf '[book]\ntitle = "Benchmark"\nsrc = "src"\n[output.html]\nsearch.enable = false\n' > "$1/book.toml"
  [ "$2" = yes ] && printf '[preprocessor.journey]\ncommand = "journey mdbook"\n' >> "$1/book.toml"
  echo "# Summary" > "$1/src/SUMMARY.md"
  for i in $(seq 1 "$chapters"); do
    echo "- [Chapter $i](chapter-$i.md)" >> "$1/src/SUMMARY.md"
    {
      echo "# Chapter $i"
      echo
      echo "Some prose before the map of chapter $i."
      echo
      echo '```journey'
      sed "s/first_order/order_$i/g; s/First grocery order/Grocery order $i/" "$root/examples/grocery.journey"
      echo '```'
    } > "$1/src/chapter-$i.md"
  done
}
make_book "$work/plain" no
make_book "$work/maps" yes

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
time_build() { # DIR
  for _ in $(seq 1 "$runs"); do
    rm -rf "$1/book"
    local start end
    start=$(date +%s.%N)
    (cd "$1" && mdbook build >/dev/null 2>&1)
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
  done | median
}
mdbook build "$work/maps" >/dev/null 2>&1 # warm the caches once
plain=$(time_build "$work/plain")
maps=$(time_build "$work/maps")
maps_count=$(grep -o '<div class="journey-map"' "$work/maps/book/chapter-"*.html | wc -l)
printf 'mdbook %s, %s chapters, median of %s builds\n' "$(mdbook --version | cut -d' ' -f2)" "$chapters" "$runs"
printf '  without maps:            %6.2f s\n' "$plain"
printf '  with %3d maps drawn:     %6.2f s\n' "$maps_count" "$maps"
printf '  the maps add:            %6.2f s  (%.1f ms a map)\n' "$(echo "$maps - $plain" | bc -l)" "$(echo "($maps - $plain) * 1000 / $maps_count" | bc -l)"
