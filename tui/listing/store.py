"""The objects behind a long list, kept packed until one is asked for."""

from __future__ import annotations

import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel, TypeAdapter

# Level 1 packs a 500-row page of definitions (368 KB of JSON) into ~42 KB in ~1.5 ms; level 6
# saves a quarter more for two and a half times the work, done while rows stream in.
_LEVEL = 1


@cache
def _pages_of(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    # pydantic is imported with the first page, not with the list screen: the first frame
    # (and a list painted from the cache) never waits for it.
    from pydantic import TypeAdapter

    return TypeAdapter(list[model])  # type: ignore[valid-type]


class ObjectStore(MutableMapping[str, Any]):
    """Key -> model for every row of a list, each page held as zlib-packed JSON.

    100,000 event definitions as live pydantic models take ~420 MB; packed they take ~9 MB.
    An object is rebuilt from its page when asked for (open, edit, copy, export), and the page
    unpacked last is kept, so moving between neighbouring rows unpacks once. Objects set one at
    a time (a saved edit, a new object) stay as they are.
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._pages: list[tuple[type[BaseModel], bytes]] = []
        self._starts: list[int] = []  # the row number each page starts at
        self._rows = 0
        self._where: dict[str, int] = {}  # key -> row number
        self._live: dict[str, Any] = {}
        self._unpacked: tuple[int, list[Any]] = (-1, [])

    def add_page(self, items: list[tuple[str, BaseModel]]) -> None:
        """Pack one page of (key, object); a key already held now points here."""
        if not items:
            return
        model = type(items[0][1])
        blob = _pages_of(model).dump_json([obj for _, obj in items], by_alias=True)
        self._pages.append((model, zlib.compress(blob, _LEVEL)))
        self._starts.append(self._rows)
        for key, _ in items:
            self._live.pop(key, None)
            self._where[key] = self._rows
            self._rows += 1

    def _page(self, number: int) -> list[Any]:
        if self._unpacked[0] != number:
            model, blob = self._pages[number]
            self._unpacked = (number, _pages_of(model).validate_json(zlib.decompress(blob)))
        return self._unpacked[1]

    def _locate(self, row: int) -> tuple[int, int]:
        number = bisect_right(self._starts, row) - 1
        return number, row - self._starts[number]

    def __getitem__(self, key: str) -> Any:
        if key in self._live:
            return self._live[key]
        number, index = self._locate(self._where[key])
        return self._page(number)[index]

    def __contains__(self, key: object) -> bool:
        return key in self._live or key in self._where

    def __setitem__(self, key: str, obj: Any) -> None:
        self._where.pop(key, None)
        self._live[key] = obj

    def __delitem__(self, key: str) -> None:
        if key in self._live:
            del self._live[key]
        else:
            del self._where[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._where
        yield from self._live

    def __len__(self) -> int:
        return len(self._where) + len(self._live)

    def many(self, keys: Iterable[str], convert: Callable[[Any], Any]) -> list[Any]:
        """`convert` of the object of each key, in that order, unpacking each page once however
        the keys are sorted; only the converted values are kept, not the objects."""
        keys = list(keys)
        found: list[Any] = [None] * len(keys)
        by_page: dict[int, list[tuple[int, int]]] = {}
        for position, key in enumerate(keys):
            if key in self._live:
                found[position] = convert(self._live[key])
            else:
                number, index = self._locate(self._where[key])
                by_page.setdefault(number, []).append((position, index))
        for number, wanted in by_page.items():
            page = self._page(number)
            for position, index in wanted:
                found[position] = convert(page[index])
        return found
