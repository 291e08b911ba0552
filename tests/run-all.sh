#!/usr/bin/env bash
# Runs every test of the repository. This is the README's test command and
# exactly what CI runs (.ci/run). It installs what the tests need first
# (Debian's chromium and neovim, npm packages, a pinned mdBook, MkDocs in a
# virtual environment), so a fresh machine with a Rust toolchain, Python,
# Node.js and npm needs nothing installed by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fonts for the PNG test of Chinese, Japanese, Korean and emoji labels
# (`--fonts system`): small Debian packages, installed once.
# (fc-list's output is taken whole first: `grep -q` would close the pipe early, which pipefail counts as a failure.)
fonts="$(fc-list 2>/dev/null || true)"
if ! grep -q "WenQuanYi Micro Hei" <<<"$fonts" || ! grep -q "Noto Color Emoji" <<<"$fonts"; then
  echo "== installing fonts-wqy-microhei and fonts-noto-color-emoji (Debian packages)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "CJK and emoji fonts are missing: run 'sudo apt-get install -y fonts-wqy-microhei fonts-noto-color-emoji'" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei fonts-noto-color-emoji fontconfig >/dev/null
fi

# A full disk shows up late and cryptically (the linker dies of "Bus error"),
# so say it up front. A clean run needs about 4 GB (target/, the tools, npm).
free_kb="$(df -Pk . | awk 'NR==2 {print $4}')"
if [ "${free_kb:-0}" -lt 4000000 ]; then
  echo "warning: only $((free_kb / 1024)) MB free on this disk; a clean run needs about 4 GB" >&2
fi

echo "== cargo test (compiler, language server, command line)"
cargo test --workspace --locked

echo "== diagrams in a real browser, Mermaid output through Mermaid's parser"
bash tests/browser/run.sh

echo "== publishing: mdBook, MkDocs and Docusaurus builds, checked in a real browser"
bash tests/sites/run.sh

echo "== the language server through a real editor client (headless Neovim)"
bash lsp/tests/nvim-probe.sh

echo "== VS Code extension (type-check, grammar tests, unit tests, .vsix)"
bash editors/vscode/test.sh
