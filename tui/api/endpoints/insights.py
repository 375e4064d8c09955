"""Saved insights: the objects dashboard tiles show, copied between projects with their dashboards."""

from __future__ import annotations

from typing import Literal

from ..models import Insight
from .activity import SOFT_DELETED
from .base import Endpoint, Resource

# Archived with `deleted: true` (DELETE is refused); `dashboards: [ids]` in create/update places a tile
# on each listed dashboard and removes the insight from the others.
INSIGHTS = Endpoint("insights", Insight, operations=SOFT_DELETED)


class Insights(Resource[Insight]):
    """List with `search=` or `short_id=`; `create({"name", "query", "dashboards": [ids], ...})`."""

    async def by_short_id(self, short_id: str) -> Insight | None:
        page = await self.page(short_id=short_id)
        return next((i for i in page.results if i.short_id == short_id), None)

    async def compute(self, id: int, refresh: Literal["blocking", "force_blocking"] = "blocking") -> Insight:
        """The insight with a result: `blocking` computes it if it was never computed or is stale."""
        return self._parse(await self.call("GET", id, params={"refresh": refresh}, bucket="query"))
