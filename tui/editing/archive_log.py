"""What this app archived, kept under the XDG state folder so the archived view outlives a session.

PostHog's API lists no archived dashboards or actions (the list endpoints filter them out,
a retrieve by id still works), so the archived view can only show what somebody remembers:
this file remembers what was archived from here, per host and project. Restoring an object,
or finding it live again, takes it out.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.settings import locations

FILE_NAME = "archived.json"


class ArchiveLog:
    """(resource, key) -> label for one place (host and project), persisted on every change."""

    def __init__(self, place: Callable[[], str], path: Path | None = None) -> None:
        self._place = place
        self._path = path

    @property
    def path(self) -> Path:
        return self._path or locations.state_dir() / FILE_NAME

    def of(self, resource: str) -> list[tuple[str, str]]:
        return sorted(self._read().get(self._place(), {}).get(resource, {}).items(), key=lambda kv: kv[1].lower())

    def add(self, resource: str, key: str, label: str) -> None:
        self._change(lambda kinds: kinds.setdefault(resource, {}).__setitem__(key, label))

    def discard(self, resource: str, key: str) -> None:
        self._change(lambda kinds: kinds.get(resource, {}).pop(key, None))

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or unreadable: nothing remembered, which is never harmful
        return data if isinstance(data, dict) else {}

    def _change(self, edit: Callable[[dict[str, Any]], Any]) -> None:
        data = self._read()
        kinds = data.setdefault(self._place(), {})
        edit(kinds)
        try:
            _write_private(self.path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False))
        except OSError:
            pass  # an unwritable state folder costs only the memory of this archive


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
