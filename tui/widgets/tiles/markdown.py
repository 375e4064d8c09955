"""A text tile's markdown as plain lines: headings, bullets, quotes, rules, code, and inline bold,
italic, code and links, each a role to style (pure; nothing is parsed as terminal markup).

PostHog's text cards are markdown. The board draws what the web app would show: `**x**` bold,
`[docs](https://…)` as the word "docs", `- item` as a bullet, never the raw markers.
"""

from __future__ import annotations

import re
from typing import Literal

from rich.cells import cell_len

from tui.text import one_line

Role = Literal["title", "value", "spark", "body", "error", "muted", "head", "strong", "emph", "link", "code"]
Piece = tuple[str, Role]
Line = list[Piece]

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)(\d{1,9})[.)]\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# Inline spans, first match wins: escapes, code, images and links, bold, italic.
_INLINE = re.compile(
    r"\\(?P<escaped>[\\`*_{}\[\]()#+\-.!|~>])"
    r"|`(?P<code>[^`]+)`"
    r"|!?\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)"
    r"|\*\*(?P<strong>\S(?:.*?\S)?)\*\*"
    r"|(?<!\w)__(?P<strong2>\S(?:.*?\S)?)__(?!\w)"
    r"|\*(?P<emph>[^\s*](?:[^*]*[^\s*])?)\*"
    r"|(?<!\w)_(?P<emph2>[^\s_](?:[^_]*[^\s_])?)_(?!\w)"
)


def inline(text: str, role: Role = "body") -> list[Piece]:
    """`text` (one line, already made safe) as pieces with the markers taken out."""
    pieces: list[Piece] = []
    at = 0
    for match in _INLINE.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()], role))
        kind = match.lastgroup or ""
        if kind == "escaped":
            pieces.append((match["escaped"], role))
        elif kind == "code":
            pieces.append((match["code"], "code"))
        elif kind in ("label", "url"):
            # An image without alt text still says something was there.
            label = match["label"] or ("image" if match.group(0).startswith("!") else match["url"])
            pieces.extend(inline(label, "link"))
        elif kind in ("strong", "strong2"):
            pieces.extend(inline(match[kind], "title" if role == "title" else "strong"))
        else:
            pieces.extend(inline(match[kind], "title" if role == "title" else "emph"))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], role))
    return pieces


def _words(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces split at spaces into words; a word may mix roles (`**bold**,` is two pieces)."""
    words: list[list[Piece]] = [[]]
    for text, role in pieces:
        parts = text.split(" ")
        for index, part in enumerate(parts):
            if index:
                words.append([])
            if part:
                words[-1].append((part, role))
    return [w for w in words if w]


def _width(word: list[Piece]) -> int:
    return sum(cell_len(text) for text, _ in word)


def _split_long(word: list[Piece], width: int) -> list[list[Piece]]:
    """A word wider than the line, cut into line-wide chunks."""
    chunks: list[list[Piece]] = [[]]
    used = 0
    for text, role in word:
        for ch in text:
            size = cell_len(ch)
            if used + size > width and chunks[-1]:
                chunks.append([])
                used = 0
            if chunks[-1] and chunks[-1][-1][1] == role:
                chunks[-1][-1] = (chunks[-1][-1][0] + ch, role)
            else:
                chunks[-1].append((ch, role))
            used += size
    return chunks


def _append(line: Line, pieces: list[Piece]) -> None:
    for text, role in pieces:
        if line and line[-1][1] == role:
            line[-1] = (line[-1][0] + text, role)
        else:
            line.append((text, role))


def wrap_pieces(pieces: list[Piece], width: int, first: Piece | None = None, indent: int = 0) -> list[Line]:
    """Word-wrap `pieces` to `width` cells; `first` (a bullet) starts the first line and later
    lines are indented by `indent` cells so they line up under the text."""
    if width <= 0:
        return []
    lines: list[Line] = []
    line: Line = [first] if first else []
    used = cell_len(first[0]) if first else 0
    start = used
    room = max(1, width - indent)
    for word in _words(pieces):
        size = _width(word)
        if used > start and used + 1 + size > width:
            lines.append(line)
            line, used = ([(" " * indent, "body")] if indent else []), indent
            start = used
        if size > width - used:
            *full, word = _split_long(word, room if used == start else width - used - 1)
            for chunk in full:
                if used > start:
                    _append(line, [(" ", "body")])
                _append(line, chunk)
                lines.append(line)
                line, used = ([(" " * indent, "body")] if indent else []), indent
                start = used
            size = _width(word)
        if used > start:
            _append(line, [(" ", word[0][1] if line and line[-1][1] == word[0][1] else "body")])
            used += 1
        _append(line, word)
        used += size
    if used > (indent if lines else 0) or not lines:
        lines.append(line)
    return lines


def markdown_lines(body: str, width: int) -> list[Line]:
    """Every line of `body` rendered for a box `width` cells wide (the caller cuts to its height)."""
    lines: list[Line] = []
    fenced = False
    for raw in (body or "").splitlines():
        if _FENCE.match(raw):
            fenced = not fenced
            continue
        text = one_line(raw).rstrip()
        if fenced:
            lines.append([(text, "code")] if text else [])
            continue
        if not text.strip():
            if lines and lines[-1]:  # one blank line between blocks, none at the top
                lines.append([])
            continue
        lines.extend(_block(text, width))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _block(text: str, width: int) -> list[Line]:
    heading = _HEADING.match(text)
    if heading:
        return wrap_pieces(inline(heading.group(2), "title"), width)
    if _RULE.match(text):
        return [[("─" * width, "muted")]]
    bullet = _BULLET.match(text)
    if bullet:
        depth = len(bullet.group(1).expandtabs(4)) // 2
        mark = "  " * depth + "• "
        return wrap_pieces(inline(bullet.group(2)), width, (mark, "muted"), cell_len(mark))
    numbered = _NUMBERED.match(text)
    if numbered:
        depth = len(numbered.group(1).expandtabs(4)) // 2
        mark = "  " * depth + f"{numbered.group(2)}. "
        return wrap_pieces(inline(numbered.group(3)), width, (mark, "muted"), cell_len(mark))
    quote = _QUOTE.match(text)
    if quote:
        return wrap_pieces(inline(quote.group(1), "emph"), width, ("│ ", "muted"), 2)
    return wrap_pieces(inline(text.strip()), width)


def plain(body: str) -> str:
    """The first line of `body` with something to read, as plain text (a text tile's name)."""
    for line in markdown_lines(body, 10_000):
        text = "".join(piece for piece, _ in line).strip(" •│─")
        if text:
            return text
    return ""
