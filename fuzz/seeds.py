#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target from the repository's own
journeys (python3 fuzz/seeds.py, from the repository root). The fuzzer then
grows each corpus; the grown and minimised corpus is what is committed."""
import hashlib, json, os, re, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BREAK = b"\n-----\n"

def read(path):
    with open(os.path.join(root, path), "rb") as f:
        return f.read()

def journeys(folder):
    found = []
    for base, dirs, files in os.walk(os.path.join(root, folder)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".journey"):
                found.append(os.path.relpath(os.path.join(base, name), root))
    return found

def folder_input(folder):
    """The files of a folder as one input: a.journey, b.journey, … with `use` paths renamed."""
    paths = sorted(p for p in journeys(folder) if os.path.dirname(p) == folder)
    names = {os.path.basename(p): f"{chr(ord('a') + i)}.journey" for i, p in enumerate(paths)}
    parts = []
    for p in paths:
        text = read(p)
        for old, new in names.items():
            text = text.replace(f'use "{old}"'.encode(), f'use "{new}"'.encode())
        parts.append(text)
    return BREAK.join(parts)

def write(target, data):
    folder = os.path.join(root, "fuzz", "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "seed-" + hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)

single = journeys("examples") + journeys("tests/fixtures")
folders = ["examples/saas", "tests/fixtures/cli/joined-build", "tests/fixtures/diagnostics/E0031-import-cycle"]
hostile = [b"\x0b", "persona a \"\u202eA\u200b\"\n".encode(), b'team t "\x1b]0;t\x07" \x1b[2J\n', b"{" * 40, b'"\\\n{' * 20]
for path in single:
    write("check", read(path))
    write("format", read(path))
for folder in folders:
    write("check", folder_input(folder))
for data in hostile:
    write("check", data)
    write("format", data)
valid = ["examples/grocery.journey", "examples/hospital.journey", "examples/employee-onboarding.journey",
         "examples/data-sharing.journey", "tests/fixtures/render/stress.journey"]
for path in valid:
    write("render", read(path))
write("render", folder_input("examples/saas"))

# markdown: the repository's own pages, each `file=` pointing at a.journey
# (the first file after the NUL), and pages a site might hold.
def markdown_pages():
    found = []
    for folder in ["examples/book/src", "examples/mkdocs/docs", "tests/fixtures/books", "tests/fixtures/diagnostics", "docs"]:
        for base, dirs, files in os.walk(os.path.join(root, folder)):
            dirs.sort()
            found += [os.path.relpath(os.path.join(base, n), root) for n in sorted(files) if n.endswith(".md")]
    return found + ["README.md"]

for page in markdown_pages():
    text = re.sub(rb"file=\S+", b"file=a.journey", read(page))
    write("markdown", text + b"\0" + read("examples/grocery.journey"))
small = read("tests/fixtures/books/three-maps/maps/visit.journey")
for page in [b"```journey\r\n" + small.replace(b"\n", b"\r\n") + b"```\r\n", b"~~~~journey view=emotion\n" + small + b"~~~~~\n",
             b"   ```journey theme=dark\n" + small, b"````md\n```journey\n" + small + b"```\n````\n", b"<!--\n```journey\n-->\n```journey\n```\n"]:
    write("markdown", page)

def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body

def session(uri, text, requests):
    out = frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri, "languageId": "journey", "version": 1, "text": text}}})
    for i, (method, params) in enumerate(requests, start=1):
        out += frame({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
    out += frame({"jsonrpc": "2.0", "id": 999, "method": "shutdown", "params": None}) + frame({"jsonrpc": "2.0", "method": "exit"})
    return out

for path in valid[:2]:
    text = read(path).decode()
    uri = "file:///fuzz/" + os.path.basename(path)
    doc = {"uri": uri}
    lines = text.split("\n")
    for n in range(0, min(len(lines), 60), 7):
        at = {"line": n, "character": max(0, len(lines[n]) // 2)}
        pos = {"textDocument": doc, "position": at}
        write("lsp", session(uri, text, [
            ("textDocument/hover", pos), ("textDocument/completion", pos), ("textDocument/definition", pos),
            ("textDocument/references", dict(pos, context={"includeDeclaration": True})),
            ("textDocument/prepareRename", pos), ("textDocument/rename", dict(pos, newName="renamed")),
        ]))
    write("lsp", session(uri, text, [
        ("textDocument/documentSymbol", {"textDocument": doc}), ("workspace/symbol", {"query": "a"}),
        ("textDocument/foldingRange", {"textDocument": doc}), ("textDocument/semanticTokens/full", {"textDocument": doc}),
        ("textDocument/formatting", {"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": True}}),
        ("textDocument/codeAction", {"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 30, "character": 0}}, "context": {"diagnostics": []}}),
        ("journey/render", {"uri": uri, "theme": "dark"}), ("$/unknown", {}),
    ]))
    changed = frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2},
                     "contentChanges": [{"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 4}}, "text": "stp \u00e9\U0001F600"}]}})
    write("lsp", changed + session(uri, text, [("textDocument/hover", {"textDocument": doc, "position": {"line": 3, "character": 2}})]))
write("lsp", b"Content-Length: 12\r\n\r\n{\"jsonrpc\": " + frame({"jsonrpc": "1.0", "id": 3, "method": "x"}) + b"Content-Length: 99999999999\r\n\r\n")
print("seeds written", file=sys.stderr)
