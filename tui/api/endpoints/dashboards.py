"""Dashboard calls beyond CRUD: tile operations, text tiles, insights, sharing, session-only helpers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Mapping
from types import EllipsisType
from typing import Any, Literal

from ..errors import ApiError, BadResponseError, RequestValidationError, ServerError
from ..models import (
    BulkUpdateResult,
    Dashboard,
    DashboardTile,
    InsightResult,
    NotSupported,
    SharingConfiguration,
    SharingPassword,
    TileStreamMessage,
    parse_model,
)
from .activity import SOFT_DELETED
from .base import Endpoint, Resource, writes
from .definitions import TagAction

ReorderLayout = Literal["preserve", "two_column", "full_width"]
RefreshMode = Literal["force_cache", "blocking", "force_blocking"]

DASHBOARDS = Endpoint("dashboards", Dashboard, operations=SOFT_DELETED)


class Dashboards(Resource[Dashboard]):
    # Which key `move_tile` takes on this server: newest `to_dashboard`, older `toDashboard`.
    _move_key: str = "to_dashboard"

    @writes
    async def reorder_tiles(
        self, id: int, tile_order: Iterable[int], layout: ReorderLayout = "preserve"
    ) -> Dashboard:
        body = {"tile_order": list(tile_order), "layout": layout}
        return self._parse(await self.call("POST", id, "reorder_tiles", body=body))

    @writes
    async def copy_tile(self, destination_id: int, from_dashboard_id: int, tile_id: int) -> Dashboard:
        """Adds a new tile on the DESTINATION (the URL's dashboard) sharing the same insight/text."""
        body = {"fromDashboardId": from_dashboard_id, "tileId": tile_id}
        return self._parse(await self.call("POST", destination_id, "copy_tile", body=body))

    @writes
    async def move_tile(self, source_id: int, tile_id: int, to_dashboard: int) -> Dashboard:
        """Moves the tile away and returns the SOURCE dashboard (without it)."""
        body: dict[str, Any] = {"tile": {"id": tile_id}}
        try:
            return self._parse(
                await self.call("PATCH", source_id, "move_tile", body={**body, self._move_key: to_dashboard})
            )
        except (RequestValidationError, ServerError) as error:
            # Older servers read `toDashboard` and fail (KeyError -> 500, or 400) on the new key;
            # the failed call changed nothing, so the other spelling is safe to try once.
            fallback = "toDashboard" if self._move_key == "to_dashboard" else "to_dashboard"
            try:
                data = await self.call("PATCH", source_id, "move_tile", body={**body, fallback: to_dashboard})
            except ApiError:
                raise error from None
            self._move_key = fallback
            return self._parse(data)

    async def run_insights(
        self, id: int, refresh: RefreshMode | None = None, **params: Any
    ) -> list[InsightResult] | NotSupported:
        """Every insight tile's result, in layout order (needs `query:read`, not `dashboard:read`).

        The server answers from its cache by default (`force_cache`), where insights nobody has
        computed yet have `result: None`; `refresh="blocking"` computes those, `"force_blocking"`
        recomputes every tile. Servers older than the endpoint answer `NotSupported`.
        """
        query = {"refresh": refresh, **params}
        data = await self.optional("Running dashboard insights", "GET", id, "run_insights", params=query,
                                   bucket="query")
        if isinstance(data, NotSupported):
            return data
        rows = data.get("results", []) if isinstance(data, dict) else data or []
        return [parse_model(InsightResult, row) for row in rows if isinstance(row, dict)]

    # -- text tiles (newest servers) ------------------------------------------------------

    @writes
    async def create_text_tile(
        self, id: int, body: str, *, layouts: Mapping[str, Any] | None = None, color: str | None = None
    ) -> DashboardTile:
        """A markdown tile; without `layouts` the server places it at the bottom."""
        payload = {k: v for k, v in {"body": body, "layouts": layouts, "color": color}.items() if v is not None}
        return parse_model(DashboardTile, await self.call("POST", id, "create_text_tile", body=payload) or {})

    @writes
    async def update_text_tile(
        self,
        id: int,
        tile_id: int,
        *,
        body: str | None = None,
        layouts: Mapping[str, Any] | None = None,
        color: str | None | EllipsisType = ...,
    ) -> DashboardTile:
        """Change a text tile's body, layout or color (`color=None` clears it; leave it out to keep it)."""
        payload: dict[str, Any] = {"tile_id": tile_id}
        if body is not None:
            payload["body"] = body
        if layouts is not None:
            payload["layouts"] = layouts
        if color is not ...:
            payload["color"] = color
        return parse_model(DashboardTile, await self.call("POST", id, "update_text_tile", body=payload) or {})

    @writes
    async def delete_tile(self, id: int, tile_id: int) -> None:
        """Remove any tile (soft delete; the server closes the gap it leaves)."""
        await self.call("POST", id, "delete_tile", body={"tile_id": tile_id})

    async def stream_tiles(
        self, id: int, layout_size: Literal["sm", "xs"] = "sm", **params: Any
    ) -> AsyncIterator[TileStreamMessage | NotSupported]:
        """Metadata, then tiles as the server renders them, then `complete`.

        When the server refuses personal API keys here (real cloud) or lacks the route,
        a single `NotSupported` is yielded instead; fall back to `get()`.
        """
        query = {"layoutSize": layout_size, **params}
        stream = self._client.session.stream_sse(self.path(id, "stream_tiles"), params=query)
        try:
            async for event in stream:
                if not event.data.strip():
                    continue
                try:
                    payload = json.loads(event.data)
                except (ValueError, RecursionError):
                    raise BadResponseError(
                        "The tile stream sent a message that is not JSON.", path=self.path(id)
                    ) from None
                yield parse_model(TileStreamMessage, payload if isinstance(payload, dict) else {})
        except ApiError as error:
            if getattr(error, "personal_key_unsupported", False) or error.status == 405:
                yield NotSupported(feature="Streaming dashboard tiles", detail=error.message)
                return
            raise
        finally:
            await stream.aclose()

    # -- sharing -----------------------------------------------------------------------

    def share_link(self, config: SharingConfiguration) -> str | None:
        """The public address of a shared dashboard, or None while it has no token."""
        token = config.access_token
        return f"{self._client.session.host}/shared/{token}" if token else None

    async def sharing(self, id: int) -> SharingConfiguration:
        return self._sharing(await self.call("GET", id, "sharing"))

    @writes
    async def update_sharing(self, id: int, changes: Mapping[str, Any]) -> SharingConfiguration:
        return self._sharing(await self.call("PATCH", id, "sharing", body=dict(changes)))

    @writes
    async def refresh_sharing(self, id: int) -> SharingConfiguration:
        """Rotates the access token; the old public link stops working."""
        return self._sharing(await self.call("POST", id, "sharing", "refresh"))

    @writes
    async def create_sharing_password(
        self, id: int, raw_password: str | None = None, note: str | None = None
    ) -> SharingPassword:
        """The answer is the only time the password is readable; omit it to have one generated."""
        body = {k: v for k, v in {"raw_password": raw_password, "note": note}.items() if v is not None}
        data = await self.call("POST", id, "sharing", "passwords", body=body)
        return parse_model(SharingPassword, data or {})

    @writes
    async def delete_sharing_password(self, id: int, password_id: int | str) -> None:
        await self.call("DELETE", id, "sharing", "passwords", password_id)

    @staticmethod
    def _sharing(data: Any) -> SharingConfiguration:
        # Some older servers answered a one-item list.
        if isinstance(data, list):
            data = data[0] if data else {}
        return parse_model(SharingConfiguration, data or {})

    # -- session-only helpers (403 for personal keys on cloud) ---------------------------

    async def snapshot(self, id: int) -> str | NotSupported:
        """Cache the current results as the "before" state; returns the cache key."""
        data = await self.optional("Dashboard snapshot", "POST", id, "snapshot", body={}, reads=True)
        if isinstance(data, NotSupported):
            return data
        key = data.get("cache_key") if isinstance(data, dict) else None
        if not isinstance(key, str):
            return NotSupported(feature="Dashboard snapshot", detail="The server sent no cache key.")
        return key

    async def analyze_refresh_result(self, id: int, cache_key: str) -> str | NotSupported:
        """A plain-text summary of what changed since `snapshot`."""
        data = await self.optional(
            "Dashboard change analysis", "POST", id, "analyze_refresh_result", body={"cache_key": cache_key},
            reads=True,
        )
        if isinstance(data, NotSupported):
            return data
        return str(data.get("result", "")) if isinstance(data, dict) else str(data or "")

    @writes
    async def create_from_template_json(self, template: Mapping[str, Any]) -> Dashboard | NotSupported:
        data = await self.optional(
            "Creating a dashboard from a template", "POST", "create_from_template_json",
            body={"template": dict(template)}, dropped_route=False,
        )
        return data if isinstance(data, NotSupported) else self._parse(data)

    @writes
    async def create_unlisted(self, tag: str) -> Dashboard | NotSupported:
        data = await self.optional(
            "Creating an unlisted dashboard", "POST", "create_unlisted_dashboard",
            body={"tag": tag}, dropped_route=False,
        )
        return data if isinstance(data, NotSupported) else self._parse(data)

    @writes
    async def bulk_update_tags(
        self, ids: Iterable[int], action: TagAction, tags: Iterable[str]
    ) -> BulkUpdateResult | NotSupported:
        data = await self.optional(
            "Bulk tagging dashboards", "POST", "bulk_update_tags",
            body={"ids": list(ids), "action": action, "tags": list(tags)}, dropped_route=False,
        )
        return data if isinstance(data, NotSupported) else parse_model(BulkUpdateResult, data or {})
