"""Handing text to the user's `$VISUAL` / `$EDITOR` with the app suspended, and back."""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any


def editor_command() -> list[str]:
    return shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")


async def run_editor(app: Any, text: str, suffix: str = ".yaml") -> str:
    """Hand `text` to the user's editor with the app suspended; the file as saved."""
    from textual.app import SuspendNotSupported

    handle, name = tempfile.mkstemp(prefix="posthog-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        command = [*editor_command(), str(path)]
        try:
            with app.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            # Headless runs (tests, pipes) cannot give the terminal away; the editor runs beside.
            await asyncio.to_thread(subprocess.run, command, check=False, stdin=subprocess.DEVNULL)
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
