"""What each list last showed, kept so the next start paints it at once (`--no-cache` turns it off).

One small JSON file per list, per profile, host and project, under the XDG cache folder. It
holds only what was on screen (row keys and cells, the count, the filter and order, when it was
fetched), never the key. It is read before the first frame, so this module imports no UI, no
HTTP and no models. The file is outside text: one that is damaged, of another version, too big
or shaped wrongly is ignored, and every string in it goes through `tui.text`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.settings import locations
from tui.text import one_line

VERSION = 1
# The first screens of a list (a dozen at 40 lines), room for scrolling and for a filter typed
# before the live rows come. It is read and painted before the first frame: 2,000 rows took
# about 40 ms to paint, 500 take about 10 (and under 100 KB to read). The rest comes live.
MAX_ROWS = 500
MAX_LISTS = 64  # per profile: each server-side search is a list of its own, the oldest go
MAX_BYTES = 4_000_000  # bigger than anything written here: not ours, not read
LISTS = "lists"

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Place:
    """Which list: the profile (its folder, so logout can drop it), host, project, resource and
    the server-side filters of the listing."""

    profile: str | None
    host: str
    project: int
    resource: str
    params: dict[str, Any] = field(default_factory=dict)

    def folder(self) -> Path:
        return profile_folder(self.profile)

    def path(self) -> Path:
        what = json.dumps([self.host, self.project, self.resource, self.params], sort_keys=True, default=str)
        return self.folder() / f"{hashlib.sha256(what.encode()).hexdigest()[:32]}.json"


@dataclass
class Listing:
    columns: list[str]
    rows: list[tuple[str, tuple[Cell, ...]]]
    count: int | None = None
    filter: str = ""
    sort: str | None = None
    reverse: bool = False
    fetched: float = field(default_factory=time.time)


def profile_folder(profile: str | None) -> Path:
    # Hashed, so a profile's name never has to be checked for path tricks.
    name = hashlib.sha256((profile or "").encode()).hexdigest()[:16] if profile else "no-profile"
    return locations.cache_dir() / LISTS / name


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    plain = getattr(value, "plain", None)  # a styled cell keeps its text, not its style
    return plain if isinstance(plain, str) else str(value)


def _private_dirs(folder: Path) -> None:
    root = locations.cache_dir()
    for directory in (root, root / LISTS, folder):
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(directory, 0o700)


def write(place: Place, listing: Listing) -> None:
    """Save `listing` (its first MAX_ROWS rows) atomically, 0600 in a 0700 folder; a cache that
    cannot be written is skipped without a word."""
    payload = {
        "version": VERSION,
        "resource": place.resource,
        "fetched": listing.fetched,
        "count": listing.count,
        "filter": listing.filter,
        "sort": listing.sort,
        "reverse": listing.reverse,
        "columns": listing.columns,
        "rows": [[key, [_cell(c) for c in cells]] for key, cells in listing.rows[:MAX_ROWS]],
    }
    folder = place.folder()
    tmp: str | None = None
    try:
        _private_dirs(folder)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".list.", suffix=".tmp")  # 0600
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, place.path())
        _prune(folder)
    except (OSError, TypeError, ValueError):
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime, reverse=True)
    for path in files[MAX_LISTS:]:
        with contextlib.suppress(OSError):
            path.unlink()


def read(place: Place, columns: list[str]) -> Listing | None:
    """The list `place` last showed, if a sound file of this version with these columns holds it."""
    try:
        path = place.path()
        if path.stat().st_size > MAX_BYTES:
            return None
        data = json.loads(path.read_bytes())
        return _parse(data, place, columns)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None


def _parse(data: Any, place: Place, columns: list[str]) -> Listing | None:
    if not isinstance(data, dict) or data.get("version") != VERSION or data.get("resource") != place.resource:
        return None
    if data.get("columns") != columns:
        return None  # another release's columns: the cells would not line up
    fetched, count, text, sort, reverse = (data.get(k) for k in ("fetched", "count", "filter", "sort", "reverse"))
    if not isinstance(fetched, (int, float)) or isinstance(fetched, bool) or not isinstance(text, str):
        return None
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        return None
    if sort is not None and sort not in columns:
        return None
    raw = data.get("rows")
    if not isinstance(raw, list) or len(raw) > MAX_ROWS:
        return None
    rows: list[tuple[str, tuple[Cell, ...]]] = []
    seen: set[str] = set()
    for row in raw:
        if not (isinstance(row, list) and len(row) == 2 and isinstance(row[0], str) and isinstance(row[1], list)):
            return None
        key, cells = row
        if key in seen or len(cells) != len(columns):
            return None
        if not all(c is None or isinstance(c, (str, int, float, bool)) for c in cells):
            return None
        seen.add(key)
        rows.append((key, tuple(one_line(c) if isinstance(c, str) else c for c in cells)))
    return Listing(columns=columns, rows=rows, count=count, filter=one_line(text), sort=sort,
                   reverse=reverse is True, fetched=float(fetched))


def clear(profile: str | None = None, *, everything: bool = False) -> int:
    """Delete one profile's cached lists (or every profile's): how many files went."""
    folder = locations.cache_dir() / LISTS if everything else profile_folder(profile)
    if not folder.is_dir():
        return 0
    count = sum(1 for _ in folder.rglob("*.json"))
    shutil.rmtree(folder, ignore_errors=True)
    return count


def age(fetched: float, now: float | None = None) -> str:
    """How long ago, as the status line says it: "just now", "3 min ago", "2 h ago", "4 d ago"."""
    seconds = max(0, int((time.time() if now is None else now) - fetched))
    if seconds < 60:
        return "just now"
    unit, size = next((u, s) for u, s in (("d", 86_400), ("h", 3_600), ("min", 60)) if seconds >= s)
    return f"{seconds // size} {unit} ago"
