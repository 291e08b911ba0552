"""MkDocs hook: draws the ```journey fences of every page with `journey`.

In mkdocs.yml (Material for MkDocs included):

    hooks:
      - path/to/journey_hook.py

Each page is sent once to `journey markdown - --inline` (one process per
page, not per map), which replaces every fence by an inline SVG that follows
the reader's light or dark preference and Material's `slate` scheme. A
broken map fails `mkdocs build` with the page's own line and column, unless
mkdocs.yml says otherwise:

    extra:
      journey:
        on-error: warn     # show the map's errors in the page instead
        theme: auto        # or light, dark
        view: full         # or emotion, blueprint

The `journey` binary is found on the PATH, or at $JOURNEY.
"""

import logging
import os
import subprocess

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.journey")

SETTINGS = ("on-error", "theme", "view")


def on_page_markdown(markdown, page, config, files, **kwargs):
    if "journey" not in markdown:
        return markdown  # no fence can be on this page: no process started
    settings = (config.get("extra") or {}).get("journey") or {}
    unknown = sorted(set(settings) - set(SETTINGS))
    if unknown:
        raise PluginError(f"extra.journey in mkdocs.yml: unknown setting {unknown[0]!r}; the settings are {', '.join(SETTINGS)}")
    # Paths as the author sees them, relative to mkdocs.yml's folder.
    base = os.path.dirname(os.path.abspath(config.config_file_path))
    page_path = os.path.relpath(page.file.abs_src_path, base)
    command = [os.environ.get("JOURNEY", "journey"), "markdown", "-", "--inline", "--page", page_path, "--color", "never"]
    for key in SETTINGS:
        if key in settings:
            command += [f"--{key}", str(settings[key])]
    # MkDocs hands over the page without its front matter: blank lines stand
    # in for it, so that messages give the file's own line numbers.
    offset = lines_before(page, markdown)
    try:
        done = subprocess.run(command, input="\n" * offset + markdown, capture_output=True, text=True, cwd=base, timeout=120)
    except FileNotFoundError:
        raise PluginError("the `journey` command is not on the PATH (install it with `cargo install --path . --locked`, or set $JOURNEY)")
    except subprocess.TimeoutExpired:
        raise PluginError(f"journey took more than 120 s to draw the maps of {page_path}")
    if done.returncode != 0:
        raise PluginError(f"journey maps in {page_path}:\n{done.stderr.rstrip()}")
    for line in done.stderr.splitlines():
        if line.strip() and not line.startswith("ok:"):
            log.warning(line)
    # Every byte outside the fences comes back as it was: the blank lines first.
    return done.stdout[offset:]


def lines_before(page, markdown):
    """How many lines of the page's file come before `markdown` (its front matter)."""
    try:
        with open(page.file.abs_src_path, encoding="utf-8-sig") as f:
            source = f.read()
    except OSError:
        return 0
    start = markdown[:200]
    at = source.find(start) if start else -1
    return source[:at].count("\n") if at > 0 else 0
