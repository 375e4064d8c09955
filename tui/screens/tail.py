"""Live tail for cursor-paginated lists (events): poll for rows newer than the newest shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work

TAIL_SECONDS = 5.0


class LiveTail:
    """Mixed into the resource screen; uses its `objects`, `table`, `spec`, `params()` and `_pages()`."""

    _pages: Callable[[Any], Callable[..., Any]]

    def action_toggle_tail(self) -> None:
        if self.tail is not None:
            self.tail.stop()
            self.tail = None
            self.notify("Live tail off.", timeout=2)
        else:
            self.tail = self.set_interval(TAIL_SECONDS, self.poll_tail)
            self.notify(f"Live tail on: new events every {TAIL_SECONDS:g} s.", timeout=2)
        self.refresh_status()

    @work(exclusive=True, group="tail", exit_on_error=False)
    async def poll_tail(self) -> None:
        from tui.api.errors import ApiError

        client = await self.app.client()
        if client is None or self.busy:
            return
        # The list is newest first, and a poll puts what it finds on top: the first object is
        # the newest, read without unpacking every page of a long list each poll.
        first = next(iter(self.objects), None)
        newest = self.objects[first].timestamp if first is not None else None
        params = {k: v for k, v in self.params().items() if k != "before"}
        if newest is not None:
            params["after"] = newest if isinstance(newest, str) else newest.isoformat()
        try:
            # The listing's own path (the Query API for events), first page only: the newest.
            page = await anext(aiter(self._pages(client)(**params)), None)
        except ApiError as exc:
            self.app.show_error(exc, "Polling for new events")
            return
        if page is None:
            return
        fresh = [o for o in page.results if self.spec.key(o) not in self.objects]
        if not fresh:
            return
        old = list(self.objects.values())
        self.objects.clear()
        # Newest first, as the list is ordered: the new events go on top.
        self.table.set_rows(self._rows([*fresh, *old]))
        self.refresh_status()
