"""Putting concurrently fetched pages back in order as they arrive."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


class OrderedPages:
    """Hands what each page brought to `deliver` in offset order, holding back early ones.

    A concurrent listing asks for many offsets at once; rows must still appear in the
    server's order, and the first page must not wait for the others.
    """

    def __init__(self, deliver: Callable[[Any], None], start: int = 0) -> None:
        """`start`: where the listing begins (a resumed one, after the rows already shown)."""
        self.deliver = deliver
        self.next_offset = start
        self.waiting: dict[int, tuple[int, Any]] = {}

    async def receive(self, offset: int, size: int, item: Any) -> None:
        """`item` is what the page of `size` rows at `offset` became."""
        self.waiting[offset] = (size, item)
        while self.next_offset in self.waiting:
            size, ready = self.waiting.pop(self.next_offset)
            self.next_offset += size
            self.deliver(ready)
            if not size:
                break
            # A late page releases the ones held back behind it: one per loop turn, so
            # the screen keeps repainting and answering keys between them.
            await asyncio.sleep(0)
