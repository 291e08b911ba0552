#!/usr/bin/env bash
# Runs every test of the repository. This is the README's test command and
# exactly what CI runs (.ci/run). It installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test (compiler, language server, command line)"
cargo test --workspace --locked
