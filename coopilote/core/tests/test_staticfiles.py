"""The production storage remembers each static file's URL, and answers as whitenoise's."""

from __future__ import annotations

import json
from pathlib import Path

from whitenoise.storage import CompressedManifestStaticFilesStorage

from coopilote.core.staticfiles import CachedUrlManifestStorage

MANIFEST = {"version": "1.1", "hash": "x", "paths": {"core/site.css": "core/site.0123abcd.css"}}


def storages(root: Path) -> tuple[CachedUrlManifestStorage, CompressedManifestStaticFilesStorage]:
    (root / "staticfiles.json").write_text(json.dumps(MANIFEST))
    return (
        CachedUrlManifestStorage(location=str(root), base_url="/static/"),
        CompressedManifestStaticFilesStorage(location=str(root), base_url="/static/"),
    )


def test_the_urls_are_whitenoises(tmp_path: Path, settings) -> None:
    settings.DEBUG = False
    ours, theirs = storages(tmp_path)
    for _ in range(2):  # computed, then remembered
        assert ours.url("core/site.css") == theirs.url("core/site.css")
    assert ours.url("core/site.css") == "/static/core/site.0123abcd.css"


def test_debug_is_part_of_what_is_remembered(tmp_path: Path, settings) -> None:
    ours, _ = storages(tmp_path)
    settings.DEBUG = False
    assert ours.url("core/site.css") == "/static/core/site.0123abcd.css"
    settings.DEBUG = True
    assert ours.url("core/site.css") == "/static/core/site.css"
