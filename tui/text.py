"""Outside text (from the server, the user, a file) made safe to show in a terminal.

Server strings can carry escape sequences: a definition named `x \\e]52;c;…\\e\\\\` would write
the user's clipboard (OSC 52) when shown raw, `\\e]2;…` sets the window title, a C1 CSI moves
the cursor, and U+202E turns the rest of a line around. Every place that shows outside text
passes it through `safe`: each such character becomes one visible, inert character (ESC is
`␛`, NUL `␀`, a C1 control or a bidi override `�`), so cells keep their width and a person
still sees that something odd was there.
"""

from __future__ import annotations

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_REPLACEMENT = "\ufffd"
# Bidirectional overrides and isolates reorder what follows them on screen.
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)

SINGLE_LINE = str.maketrans(
    {**_PICTURES, **{code: _REPLACEMENT for code in (*range(0x80, 0xA0), *_BIDI)}, 0x2028: " ", 0x2029: " "}
)
# Multi-line text (descriptions, text tiles, previews) keeps its newlines and tabs.
MULTI_LINE = str.maketrans({**SINGLE_LINE, ord("\n"): "\n", ord("\t"): "    ", 0x2028: "\n", 0x2029: "\n"})
# A table cell or a tile's line: line breaks and tabs become spaces, one character each.
ONE_LINE = str.maketrans({**SINGLE_LINE, **{ord(c): " " for c in "\t\n\r"}})


def safe(text: object, *, multiline: bool = False) -> str:
    """`text` as a string with every terminal control character shown as an inert one."""
    value = text if isinstance(text, str) else str(text)
    # isprintable() is False for every control, format (bidi) and separator character: the
    # common case of plain text costs one C-speed scan.
    if value.isprintable():
        return value
    return value.translate(MULTI_LINE if multiline else SINGLE_LINE)


def one_line(text: object) -> str:
    """`safe`, with line breaks and tabs as spaces: for a table cell or one line of a tile."""
    value = text if isinstance(text, str) else str(text)
    return value if value.isprintable() else value.translate(ONE_LINE)


def first_control(text: str, *, multiline: bool = False) -> str | None:
    """The first character `safe` would replace (line breaks and tabs allowed when `multiline`)."""
    if text.isprintable():
        return None
    allowed = "\n\t" if multiline else ""
    table = MULTI_LINE if multiline else SINGLE_LINE
    return next((ch for ch in text if ch not in allowed and ord(ch) in table), None)
