#!/usr/bin/env bash
# Builds, tests and packages the VS Code extension; called by the repository's
# test runner. Installs its npm dependencies (npm ci with the lock file),
# runs `npm test` (type-check, grammar tests, unit tests), packages the .vsix
# with `npm run package`, and checks what the .vsix holds.
# Exits non-zero on any failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "editors/vscode/test.sh: node and npm are needed (Node.js 20 or later)" >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "editors/vscode/test.sh: Node.js 20 or later is needed, found $(node --version)" >&2
  exit 1
fi

export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

if [ -f package-lock.json ]; then
  npm ci --no-fund --no-audit
else
  npm install --no-fund --no-audit
fi

npm test

rm -f journey.vsix
npm run package

vsix=journey.vsix
if [ ! -s "$vsix" ]; then
  echo "editors/vscode/test.sh: $vsix was not produced" >&2
  exit 1
fi

listing=$(unzip -l "$vsix")
missing=0
for entry in extension/package.json extension/dist/extension.js extension/dist/preview.js \
             extension/syntaxes/journey.tmLanguage.json extension/language-configuration.json \
             extension/snippets/journey.json; do
  if ! grep -qE "[[:space:]]${entry//./\\.}\$" <<<"$listing"; then
    echo "editors/vscode/test.sh: $vsix has no $entry" >&2
    missing=1
  fi
done
# Nothing that only builds or tests the extension may be shipped.
if grep -qE '[[:space:]]extension/(node_modules|src|test|tests|scripts|out)/' <<<"$listing"; then
  echo "editors/vscode/test.sh: $vsix holds development files:" >&2
  grep -E '[[:space:]]extension/(node_modules|src|test|tests|scripts|out)/' <<<"$listing" >&2
  missing=1
fi
if [ "$missing" -ne 0 ]; then
  echo "$listing" >&2
  exit 1
fi

echo "editors/vscode: $vsix ($(wc -c <"$vsix") bytes) holds the extension, its grammar and its manifest."
