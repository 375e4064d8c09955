"""What changed between two texts, word by word and line by line, for the change preview.

A long value (a 4,000-character text tile, an action's ten steps) must show the change itself,
not its first lines: unchanged stretches shrink to a little context around each change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["same", "removed", "added"]
CONTEXT_WORDS = 8  # unchanged words kept on each side of a change in a long line
CONTEXT_LINES = 1  # unchanged lines kept around changed ones
LONG_LINE = 60  # words: shorter unchanged runs are shown whole
_WORDS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Piece:
    kind: Kind
    text: str


@dataclass(frozen=True)
class Line:
    """One line of the preview: `mark` is " " (unchanged), "-" (old) or "+" (new)."""

    mark: str
    pieces: tuple[Piece, ...]


def _words(text: str) -> list[str]:
    return _WORDS.findall(text)


def word_pieces(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    """The old line and the new line, each cut into unchanged and changed pieces."""
    a, b = _words(old), _words(new)
    before: list[Piece] = []
    after: list[Piece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            before.append(Piece("same", "".join(a[i1:i2])))
            after.append(Piece("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            before.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            after.append(Piece("added", "".join(b[j1:j2])))
    return _shorten(before), _shorten(after)


def _shorten(pieces: list[Piece]) -> list[Piece]:
    """Long unchanged runs keep only the words next to a change."""
    out = []
    for index, piece in enumerate(pieces):
        words = _words(piece.text)
        if piece.kind != "same" or len(words) <= LONG_LINE:
            out.append(piece)
            continue
        keep_left = index > 0
        keep_right = index < len(pieces) - 1
        head = "".join(words[: CONTEXT_WORDS * 2]) if keep_left else ""
        tail = "".join(words[-CONTEXT_WORDS * 2:]) if keep_right else ""
        out.append(Piece("same", f"{head} … {tail}".strip() if head or tail else "…"))
    return out


def diff_lines(old: str, new: str) -> list[Line]:
    """The change from `old` to `new`: changed lines word by word, a little context around them."""
    a, b = old.splitlines() or [""], new.splitlines() or [""]
    lines: list[Line] = []
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for number, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            same = a[i1:i2]
            first, last = number == 0, number == len(opcodes) - 1
            if len(same) > 2 * CONTEXT_LINES + 1:
                head = [] if first else same[:CONTEXT_LINES]
                tail = [] if last else same[-CONTEXT_LINES:]
                same = [*head, "…", *tail]
            lines.extend(Line(" ", (Piece("same", text),)) for text in same)
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            if k < len(olds) and k < len(news):
                removed, added = word_pieces(olds[k], news[k])
                # A value that was empty (or becomes empty) has no line of its own to show.
                if olds[k].strip():
                    lines.append(Line("-", tuple(removed)))
                if news[k].strip():
                    lines.append(Line("+", tuple(added)))
            elif k < len(olds):
                lines.append(Line("-", (Piece("removed", olds[k]),)))
            else:
                lines.append(Line("+", (Piece("added", news[k]),)))
    return lines
