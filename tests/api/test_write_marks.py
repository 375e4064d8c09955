"""Every client method that changes server state is marked, and only those: the write gate relies on it."""

from __future__ import annotations

import inspect

from tui.api.client import PostHogClient
from tui.api.endpoints.base import changes_server_state

WRITES = {
    "archive", "create", "delete", "restore", "update",
    "bulk_update_tags", "bulk_update_verified",
    "reorder_tiles", "copy_tile", "move_tile", "create_text_tile", "update_text_tile", "delete_tile",
    "update_sharing", "refresh_sharing", "create_sharing_password", "delete_sharing_password",
    "create_from_template_json", "create_unlisted",
}


def _methods(client: PostHogClient) -> dict[str, set[str]]:
    groups = {name: value for name, value in vars(client).items() if hasattr(value, "spec")}
    return {name: {m for m, fn in inspect.getmembers(type(group), inspect.isfunction)
                   if not m.startswith("_") and (inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn))}
            for name, group in groups.items()}


def test_state_changing_methods_are_marked_and_reads_are_not():
    client = PostHogClient("http://127.0.0.1:9", "phx_unreachable_key_123", 1)
    methods = _methods(client)
    assert {"dashboards", "insights", "query", "actions", "events"} <= set(methods)
    for group, names in methods.items():
        for name in names:
            marked = changes_server_state(getattr(getattr(client, group), name))
            assert marked == (name in WRITES), f"{group}.{name}"


async def test_reading_methods_send_no_writes_except_queries_that_say_they_read(client, demo):
    await client.dashboards.run_insights(1)
    await client.actions.references(1)
    await client.insights.page(limit=2)
    await client.query.hogql("SELECT count() FROM events")
    async for _ in client.query.event_pages(after="-1d", page_size=50):
        break
    await client.personal_key()
    posts = [r for r in demo.requests if r.method != "GET"]
    assert posts and all(r.path.rstrip("/").endswith("/query") for r in posts)
