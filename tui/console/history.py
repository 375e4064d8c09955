"""Every query the console ran, newest last, in a file in the state folder (one JSON list).

The same text run twice is kept once, at its latest place; at most `CAP` are kept. Walking the
history starts after the newest entry, where the text being typed (the draft) waits: walking back
down past the newest brings the draft back.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from tui.settings import locations

FILE_NAME = "hogql-history.json"
CAP = 200


def history_file() -> Path:
    return locations.state_dir() / FILE_NAME


class QueryHistory:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or history_file()
        self.entries = self._load()
        self.place = len(self.entries)  # len(entries): at the draft
        self.draft = ""

    def _load(self) -> list[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []  # no history yet, or a file spoiled by hand: start afresh
        return [entry for entry in data if isinstance(entry, str)][-CAP:] if isinstance(data, list) else []

    def add(self, sql: str) -> None:
        """Remember a query that was run; a failure to write is not the run's problem."""
        text = sql.strip()
        if not text:
            return
        self.entries = [entry for entry in self.entries if entry != text][-(CAP - 1):] + [text]
        self.place, self.draft = len(self.entries), ""
        self._save()

    def older(self, current: str) -> str | None:
        """The entry before the one shown (None at the oldest); `current` is kept as the draft."""
        if self.place == 0 or not self.entries:
            return None
        if self.place == len(self.entries):
            self.draft = current
        self.place -= 1
        return self.entries[self.place]

    def newer(self) -> str | None:
        """The entry after the one shown, then the draft; None when already at the draft."""
        if self.place >= len(self.entries):
            return None
        self.place += 1
        return self.entries[self.place] if self.place < len(self.entries) else self.draft

    def _save(self) -> None:
        directory = self.path.parent
        tmp: str | None = None
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Queries name the user's data: readable by the user only.
            fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{self.path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.entries, handle, ensure_ascii=False, indent=0)
            os.replace(tmp, self.path)
        except OSError:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink()
