"""JSON decoded a slice at a time: the event loop gets a turn every few thousand array elements.

`json.loads` of a 50,000-row query answer (~5 MB) holds the interpreter for 100 ms and more, in a
thread too (the C decoder never lets go of the GIL). Here objects and arrays are walked in Python
and each array element is decoded whole by the C scanner, so the work comes in pieces of about
`every` elements with an `await` between them. The value is the same as `json.loads`'s.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

# The C scanner behind json.loads (`scan_once` is set on each decoder; typeshed does not list it).
_DECODER: Any = json.JSONDecoder()
_SCANNER = _DECODER.scan_once


def _scan(text: str, at: int) -> tuple[Any, int]:
    # The scanner says "no value here" with StopIteration, which a coroutine may not let through.
    try:
        found: tuple[Any, int] = _SCANNER(text, at)
    except StopIteration:
        raise ValueError(f"no JSON value at {at}") from None
    return found
_SPACE = re.compile(r"[ \t\n\r]*")
EVERY = 2_000


class _Walk:
    def __init__(self, text: str, every: int) -> None:
        self.text, self.every, self.count = text, every, 0

    def _skip(self, at: int) -> int:
        end = _SPACE.match(self.text, at)
        return end.end() if end else at

    async def value(self, at: int) -> tuple[Any, int]:
        first = self.text[at]
        if first == "{":
            return await self._object(self._skip(at + 1))
        if first == "[":
            return await self._array(self._skip(at + 1))
        return _scan(self.text, at)

    async def _object(self, at: int) -> tuple[dict[str, Any], int]:
        found: dict[str, Any] = {}
        if self.text[at] == "}":
            return found, at + 1
        while True:
            key, at = _scan(self.text, at)
            at = self._skip(at)
            if not isinstance(key, str) or self.text[at] != ":":
                raise ValueError(f"expected a key and ':' at {at}")
            found[key], at = await self.value(self._skip(at + 1))
            at = self._skip(at)
            if self.text[at] == "}":
                return found, at + 1
            if self.text[at] != ",":
                raise ValueError(f"expected ',' or '}}' at {at}")
            at = self._skip(at + 1)

    async def _array(self, at: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        if self.text[at] == "]":
            return items, at + 1
        while True:
            item, at = _scan(self.text, at)
            items.append(item)
            self.count += 1
            if self.count % self.every == 0:
                await asyncio.sleep(0)
            at = self._skip(at)
            if self.text[at] == "]":
                return items, at + 1
            if self.text[at] != ",":
                raise ValueError(f"expected ',' or ']' at {at}")
            at = self._skip(at + 1)


async def loads(content: bytes, every: int = EVERY) -> Any:
    """`json.loads(content)`, yielding to the event loop every `every` array elements.

    Raises ValueError (or UnicodeDecodeError) on anything `json.loads` would refuse.
    """
    text = content.decode("utf-8")
    walk = _Walk(text, every)
    try:
        value, end = await walk.value(walk._skip(0))
    except IndexError:
        raise ValueError("JSON cut short") from None
    if walk._skip(end) != len(text):
        raise ValueError(f"extra data at {end}")
    return value
