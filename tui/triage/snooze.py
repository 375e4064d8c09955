"""Snoozed definitions: left out of every queue until a date, per project, in a JSON file under the
XDG state folder (they are this person's triage, not the project's data)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from tui.settings import locations

SNOOZE_DAYS = 30


def snooze_file() -> Path:
    return locations.state_dir() / "triage-snoozed.json"


class Snoozed:
    def __init__(self, project: str, path: Path | None = None) -> None:
        self.project = project
        self.path = path or snooze_file()
        self.until: dict[str, str] = self._read().get(project, {})

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def active(self, now: datetime) -> set[str]:
        """The ids snoozed until after `now`."""
        stamp = now.isoformat()
        return {key for key, until in self.until.items() if isinstance(until, str) and until > stamp}

    def snooze(self, key: str, now: datetime, days: int = SNOOZE_DAYS) -> None:
        self.until[key] = (now + timedelta(days=days)).isoformat()
        self._write()

    def wake(self, key: str) -> None:
        self.until.pop(key, None)
        self._write()

    def _write(self) -> None:
        data = self._read()
        data[self.project] = self.until
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(self.path)
