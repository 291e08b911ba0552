#!/usr/bin/env bash
# The language server through a real editor's LSP client: headless Neovim
# (nvim-lsp-probe, vendored in lsp/tests/nvim-lsp-probe) drives `journey lsp` on copies of the
# examples, and python3 checks what a user of that editor would get.
#
#   bash lsp/tests/nvim-probe.sh          # from the repository root
#
# Exit status 0 when every check passes. Installs neovim with apt-get when
# `nvim` is missing. PROBE=path/to/probe.sh overrides where the harness is.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
probe="${PROBE:-$repo/lsp/tests/nvim-lsp-probe/probe.sh}"
if [ ! -x "$probe" ] && [ -f "$probe" ]; then probe_cmd=(bash "$probe"); else probe_cmd=("$probe"); fi
if [ ! -f "$probe" ]; then
  echo "nvim-lsp-probe not found at $probe (set PROBE=…)" >&2
  exit 2
fi
if ! command -v nvim >/dev/null 2>&1; then
  echo "installing neovim…" >&2
  (apt-get update -qq && apt-get install -y -qq neovim) >&2
fi

cargo build --quiet --bin journey --manifest-path "$repo/Cargo.toml"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
journey="$target_dir/debug/journey"

work="$(mktemp -d "${TMPDIR:-/tmp}/journey-nvim-probe.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -r "$repo/examples/." "$work/"

# 1-based LINE:COL (bytes) of the NTH (0-based) occurrence of NEEDLE in FILE, plus DELTA bytes.
pos() {
  python3 - "$1" "$2" "${3:-0}" "${4:-0}" <<'EOF'
import sys
path, needle, nth, delta = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
text = open(path, encoding="utf-8").read()
at = -1
for _ in range(nth + 1):
    at = text.index(needle, at + 1)
line = text.count("\n", 0, at)
col = len(text[text.rfind("\n", 0, at) + 1:at].encode()) + delta
print(f"{line + 1}:{col + 1}")
EOF
}

run_probe() { # NAME ARGS… → $work/NAME.json
  local name="$1"
  shift
  local status=0
  "${probe_cmd[@]}" --cmd "$journey lsp" --filetype journey --root "$work" --timeout-ms 90000 --settle-ms 400 "$@" \
    >"$work/$name.json" || status=$?
  echo "probe $name: exit status $status" >&2
}

g="$work/grocery.journey"

# Run 1: the read-only features on grocery.journey.
run_probe features --file "$g" \
  --hover "$(pos "$g" "channel web" 1 8)" \
  --hover "$(pos "$g" "kpi checkout_abandonment" 0 4)" \
  --hover "$(pos "$g" "feels reassured" 0 6)" \
  --definition "$(pos "$g" "next confirm" 0 5)" \
  --references "$(pos "$g" "channel web" 0 8)" \
  --completion "$(pos "$g" "channel web, email" 0 8)" \
  --completion "$(pos "$g" "feels curious" 0 6)" \
  --symbols --folding --semantic-tokens \
  --rename "$(pos "$g" "channel web" 1 8):website" \
  --rename "$(pos "$g" "channel web" 1 1):nope" \
  --request 'journey/render:{"uri":"$URI","theme":"dark"}'

# Run 2: typing an incomplete step in the middle of the file.
checkout_line="$(pos "$g" "    step checkout" 0 0)"
checkout_line="${checkout_line%%:*}"
cat >"$work/typing-steps.json" <<EOF
[{"edit": {"line": $checkout_line, "col": 1, "text": "    step pay \"Pays\" {\n      channel \n"}},
 {"wait_diagnostics": true},
 {"symbols": true},
 {"completion": "$((checkout_line + 1)):15"},
 {"hover": "$(pos "$g" "channel social" 1 8)"},
 {"folding": true}]
EOF
run_probe typing --file "$g" --script "$work/typing-steps.json"

# Run 3: formatting and quick fixes on a messy copy with a typo.
python3 - "$g" "$work/messy.journey" <<'EOF'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
text = text.replace('team growth "Growth"', 'team   growth    "Growth"').replace("      channel phone", "      channel phnoe")
open(sys.argv[2], "w", encoding="utf-8").write(text)
EOF
m="$work/messy.journey"
run_probe fixes --file "$m" --format --code-actions "$(pos "$m" "phnoe" 0 1)"

# Run 4: across files joined by `use`, with a file that is not open.
o="$work/saas/onboarding.journey"
run_probe multifile --file "$o" --open "$work/saas/common.journey" \
  --hover "$(pos "$o" "persona alana, jo" 0 8)" \
  --definition "$(pos "$o" "persona alana, jo" 0 8)" \
  --references "$(pos "$o" "persona alana, jo" 0 8)" \
  --rename "$(pos "$o" "persona alana, jo" 0 8):alana_ops" --apply-rename

python3 - "$work" <<'EOF'
import json, sys
work = sys.argv[1]
passed = failed = 0

def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}"[:2000])

def load(name):
    with open(f"{work}/{name}.json", encoding="utf-8") as f:
        return json.load(f)

channels = ["social", "web", "app", "email", "phone", "doorstep"]
stages = ["awareness", "consideration", "purchase", "delivery"]
steps = ["see_ad", "compare", "sign_up", "fill_basket", "checkout", "call_support", "confirm", "receive"]

r = load("features")
# The only error is the refused rename on a keyword (checked below).
unexpected = [e for e in r.get("errors", []) if "is a keyword" not in e.get("message", "")]
check("features: probe ran without unexpected errors", r.get("finished") and not r.get("crashed") and not unexpected, unexpected)
check("features: server stopped cleanly", r["server"].get("stopped_by") == "shutdown+exit", r["server"])
check("features: UTF-16 offsets", r["server"].get("offset_encoding") == "utf-16")
for capability in ["hoverProvider", "definitionProvider", "referencesProvider", "renameProvider", "completionProvider",
                   "documentSymbolProvider", "workspaceSymbolProvider", "foldingRangeProvider", "semanticTokensProvider",
                   "documentFormattingProvider", "codeActionProvider"]:
    check(f"features: advertises {capability}", capability in r["capabilities"])
infos = [d for d in r["diagnostics"] if d["code"] == "I0001"]
check("features: diagnostics with codes (I0001 on call_support)", len(infos) == 1 and infos[0]["line"] == 79, r["diagnostics"])
hover = [h.get("text") or "" for h in r["hover"]]
check("features: hover on a channel shows label and type", "**channel** `web`" in hover[0] and "type: digital" in hover[0], hover[0])
check("features: hover on a KPI shows target, actual, status",
      all(s in hover[1] for s in ["target: <= 20%", "actual: 34%", "status: missed"]), hover[1])
check("features: hover on an emotion shows its score", "score: +2" in hover[2], hover[2])
loc = r["definition"][0]["locations"]
check("features: definition of `next confirm` is the step", len(loc) == 1 and loc[0]["line"] == 82 and loc[0]["col"] == 10, loc)
refs = r["references"][0]
check("features: references of `web` (declaration + 2 uses)", refs["count"] == 3, refs)
check("features: completion after `channel ` = the channels", r["completion"][0]["labels"] == channels, r["completion"][0])
feels = r["completion"][1]["labels"]
check("features: completion after `feels ` = the emotions", feels[:3] == ["reassured", "delighted", "excited"] and len(feels) == 21, feels)
names = [i["name"] for i in r["symbols"]["items"]]
check("features: outline has every stage and step", all(n in names for n in stages + steps + ["first_order", "maya"]), names)
depth = {i["name"]: i["depth"] for i in r["symbols"]["items"]}
check("features: outline nests journey > stage > step", depth.get("first_order", 9) < depth.get("purchase", 0) < depth.get("checkout", 0), depth)
ranges = r["folding"]["ranges"]
check("features: folding ranges for the blocks", any(f["start_line"] == 4 and f["end_line"] == 9 for f in ranges), ranges[:5])
tokens = r["semantic_tokens"]["tokens"]
def token(text, line):
    return next((t for t in tokens if t["text"] == text and t["line"] == line), None)
t = token("maya", 4)
check("features: semantic token persona declaration", t and t["type"] == "type" and "declaration" in t["modifiers"], t)
t = token("curious", 35)
check("features: semantic token built-in emotion", t and t["type"] == "enumMember" and "defaultLibrary" in t["modifiers"], t)
t = token("channel", 31)
check("features: semantic token keyword", t and t["type"] == "keyword", t)
rename = r["rename"][0]
check("features: prepareRename gives the ID", rename["prepare"] and rename["prepare"].get("placeholder") == "web", rename.get("prepare"))
edits = sum(len(v) for v in rename["changes"].values())
check("features: rename `web` edits declaration and uses", edits == 3 and rename["files"] == 1, rename)
keyword_rename = r["rename"][1]
check("features: rename on a keyword is refused", not keyword_rename.get("edit_count") and any("is a keyword" in e["message"] for e in r["errors"]), keyword_rename)
render = r["requests"][0]
ok_render = isinstance(render.get("result"), dict) and render["result"].get("svg", "").startswith("<svg") and render["result"].get("version") == 0
check("features: journey/render returns the SVG of the open version", ok_render, json.dumps(render)[:300])

r = load("typing")
check("typing: probe ok", r.get("ok") and not r.get("crashed"), r.get("errors"))
script = {s["op"]: s for s in r["script"]}
wait = script["wait_diagnostics"]
check("typing: diagnostics for the broken text", any(d["code"] == "E0001" for d in wait["diagnostics"]), wait)
names = [i["name"] for i in script["symbols"]["items"]]
check("typing: outline still lists every stage and step", all(n in names for n in stages + steps + ["pay"]), names)
labels = script["completion"]["labels"]
check("typing: completion after `channel ` = exactly the declared channels", labels == channels, script["completion"])
check("typing: hover above the broken part still works", "Social media" in (script["hover"].get("text") or ""), script["hover"])

r = load("fixes")
check("fixes: probe ok", r.get("ok") and not r.get("crashed"), r.get("errors"))
check("fixes: formatting returns edits", r["formatting"]["edits"] >= 1 and not r["formatting"].get("error"), r["formatting"])
actions = r["code_actions"][0]["actions"]
titles = [a["title"] for a in actions]
check("fixes: quick fixes of the diagnostic", titles == ["replace with `phone`", "declare a channel `phnoe`"], titles)
check("fixes: quick fixes carry edits", all(a["kind"] == "quickfix" and a["has_edit"] for a in actions), actions)

r = load("multifile")
check("multifile: probe ok", r.get("ok") and not r.get("crashed"), r.get("errors"))
check("multifile: hover from the file not open", "Alana, operations lead" in (r["hover"][0].get("text") or ""), r["hover"])
loc = r["definition"][0]["locations"]
check("multifile: definition in common.journey", len(loc) == 1 and loc[0]["file"].endswith("saas/common.journey"), loc)
files = {l["file"].rsplit("/", 1)[-1] for l in r["references"][0]["locations"]}
check("multifile: references in three files", files == {"common.journey", "onboarding.journey", "renewal.journey"}, files)
rename = r["rename"][0]
changed = {u.rsplit("/", 1)[-1] for u in rename["changes"]}
check("multifile: rename edits all three files", changed == {"common.journey", "onboarding.journey", "renewal.journey"}, changed)
buffers = rename.get("buffers", {})
common = next((t for u, t in buffers.items() if u.endswith("common.journey")), "")
check("multifile: applied rename renames the declaration", 'persona alana_ops "Alana' in common, list(buffers))
after = rename.get("after", {})
check("multifile: no unresolved names after the rename", not any(d["code"] in ("E0010", "E0011") for d in after.get("diagnostics", [])), after)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
