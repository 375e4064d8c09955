"""What the app remembers between runs (the profile used last), kept out of the config file.

The config file is the user's: it is rewritten only when they ask for a change. A small file
in the XDG state folder holds the rest. It is a nicety, so a state folder that cannot be read
or written is skipped without a word.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from tui.settings import locations

LAST_PROFILE_FILE = "last_profile"
# The profile-name rule of the config file, so a damaged state file names no profile.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def last_profile() -> str | None:
    try:
        text = (locations.state_dir() / LAST_PROFILE_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if _NAME.fullmatch(text) else None


def remember_profile(name: str) -> None:
    """Note `name` as the profile used last (atomically), or silently do nothing."""
    if last_profile() == name:
        return
    directory = locations.state_dir()
    tmp: str | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{LAST_PROFILE_FILE}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(name + "\n")
        os.replace(tmp, directory / LAST_PROFILE_FILE)
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
