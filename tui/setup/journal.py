"""An apply's record on disk, so an interrupted apply resumes where it stopped.

One JSON line per event: a step was sent, it was done (with what the server handed back, such as
a new id), it failed (refused: nothing happened), or its outcome is unknown (the answer was lost).
The file lives in the XDG state folder, named after the target, the file's content and the
options, so applying the same file to the same project again finds it.

A later run of the same apply re-reads the target and plans again (what the server now holds
decides what is left to do) and never sends a step the journal has as done. When every step is
done the journal is closed; the next apply of that file starts a new one (and, with nothing left
to change, sends nothing).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui.settings import locations

SENT, DONE, FAILED, UNKNOWN, FINISHED = "sent", "done", "failed", "unknown", "finished"


def journal_dir() -> Path:
    return locations.state_dir() / "setup"


def journal_name(host: str, project: Any, digest: str, options: str = "") -> str:
    key = hashlib.sha256(f"{host}\n{project}\n{digest}\n{options}".encode()).hexdigest()[:20]
    return f"apply-{key}.jsonl"


@dataclass
class Journal:
    path: Path
    # op id -> its last status and the result kept with it.
    status: dict[str, str] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    resumed: bool = False
    started: str | None = None

    @classmethod
    def open(cls, host: str, project: Any, digest: str, options: str = "", *, describe: str = "") -> Journal:
        """The journal of this apply: the unfinished one if there is one, else a new one."""
        path = journal_dir() / journal_name(host, project, digest, options)
        journal = cls(path)
        lines = _read(path)
        if lines and lines[-1].get("event") != FINISHED:
            journal.resumed = True
            journal.started = lines[0].get("at")
            for line in lines:
                if "op" in line:
                    journal.status[line["op"]] = line["event"]
                    if "result" in line:
                        journal.results[line["op"]] = line["result"]
        else:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.write_text("", encoding="utf-8")
            journal._write({"event": "started", "target": describe or f"{host} project {project}"})
        return journal

    @property
    def done_before(self) -> int:
        return sum(1 for status in self.status.values() if status == DONE)

    def done(self, op: str) -> bool:
        return self.status.get(op) == DONE

    def sent(self, op: str) -> None:
        self._record(op, SENT)

    def succeeded(self, op: str, result: Any = None) -> None:
        self._record(op, DONE, result=result)

    def failed(self, op: str, reason: str) -> None:
        self._record(op, FAILED, reason=reason)

    def unknown(self, op: str, reason: str) -> None:
        self._record(op, UNKNOWN, reason=reason)

    def finish(self) -> None:
        self._write({"event": FINISHED})

    def _record(self, op: str, event: str, **extra: Any) -> None:
        self.status[op] = event
        if "result" in extra:
            self.results[op] = extra["result"]
        self._write({"op": op, "event": event, **{k: v for k, v in extra.items() if v is not None}})

    def _write(self, line: dict[str, Any]) -> None:
        line = {"at": datetime.now(UTC).isoformat(timespec="seconds"), **line}
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
            out.flush()


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    lines = []
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue  # a line cut off when the process was killed mid-write
        if isinstance(line, dict):
            lines.append(line)
    return lines
