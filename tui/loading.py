"""Putting concurrently fetched pages back in order as they arrive."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class OrderedPages:
    """Hands pages to `deliver` in offset order, holding back any that arrive early.

    `fetch-all` asks for many offsets at once; rows must still appear in the server's
    order, and the first page must not wait for the others.
    """

    def __init__(self, deliver: Callable[[Any], None]) -> None:
        self.deliver = deliver
        self.next_offset = 0
        self.waiting: dict[int, Any] = {}

    def receive(self, page: Any) -> None:
        self.waiting[page.offset] = page
        while self.next_offset in self.waiting:
            ready = self.waiting.pop(self.next_offset)
            self.deliver(ready)
            if not ready.results:
                break
            self.next_offset += len(ready.results)
