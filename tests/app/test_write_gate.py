"""The one write gate: every client method that changes the server is refused in a read-only
session and asks on a protected project; reads pass. The methods are found by looking at the
client, so a new write without a sample here fails this test until it is added."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tui.api.client import PostHogClient
from tui.api.errors import ApiError, WriteRefused
from tui.connection import Target
from tui.screens.guard import WriteGate

Call = Callable[[PostHogClient, "Ids"], Awaitable[Any]]


@dataclass
class Ids:
    definition: str
    group: str
    schema: str
    dashboard: int
    other_dashboard: int
    tile: int
    action: int
    event: str
    insight: int


async def _ids(client: PostHogClient) -> Ids:
    definitions = (await client.event_definitions.page(limit=1)).results
    schemas = (await client.event_schemas.page(limit=1)).results
    dashboards = [d for d in (await client.dashboards.page(limit=20)).results]
    with_tiles = next(d for d in [await client.dashboards.get(d.id) for d in dashboards] if d.tiles)
    other = next(d for d in dashboards if d.id != with_tiles.id)
    return Ids(
        definition=definitions[0].id,
        group=(await client.property_groups.page(limit=1)).results[0].id,
        schema=schemas[0].id,
        dashboard=with_tiles.id,
        other_dashboard=other.id,
        tile=with_tiles.tiles[0].id,
        action=(await client.actions.page(limit=1)).results[0].id,
        event=(await client.events.page(limit=1)).results[0].id,
        insight=(await client.insights.page(limit=1)).results[0].id,
    )


def _group_id(group: str, ids: Ids) -> Any:
    return {"event_definitions": ids.definition, "property_groups": ids.group, "event_schemas": ids.schema,
            "dashboards": ids.dashboard, "actions": ids.action, "events": ids.event, "insights": ids.insight,
            "project_resource": 1}[group]


# Methods that write, with a call that would change the server if it got through.
WRITES: dict[str, Call] = {
    "event_definitions.bulk_update_tags": lambda c, ids: c.event_definitions.bulk_update_tags([ids.definition], "add",
                                                                                              ["x"]),
    "event_definitions.bulk_update_verified": lambda c, ids: c.event_definitions.bulk_update_verified(
        [ids.definition], True),
    "dashboards.reorder_tiles": lambda c, ids: c.dashboards.reorder_tiles(ids.dashboard, [ids.tile]),
    "dashboards.copy_tile": lambda c, ids: c.dashboards.copy_tile(ids.other_dashboard, ids.dashboard, ids.tile),
    "dashboards.move_tile": lambda c, ids: c.dashboards.move_tile(ids.dashboard, ids.tile, ids.other_dashboard),
    "dashboards.delete_tile": lambda c, ids: c.dashboards.delete_tile(ids.dashboard, ids.tile),
    "dashboards.update_sharing": lambda c, ids: c.dashboards.update_sharing(ids.dashboard, {"enabled": True}),
    "dashboards.refresh_sharing": lambda c, ids: c.dashboards.refresh_sharing(ids.dashboard),
    "dashboards.create_sharing_password": lambda c, ids: c.dashboards.create_sharing_password(ids.dashboard),
    "dashboards.delete_sharing_password": lambda c, ids: c.dashboards.delete_sharing_password(ids.dashboard, 1),
    "dashboards.create_from_template_json": lambda c, ids: c.dashboards.create_from_template_json(
        {"template_name": "t", "tiles": []}),
    "dashboards.create_unlisted": lambda c, ids: c.dashboards.create_unlisted("llm-analytics"),
    "dashboards.bulk_update_tags": lambda c, ids: c.dashboards.bulk_update_tags([ids.dashboard], "add", ["x"]),
    "dashboards.create_text_tile": lambda c, ids: c.dashboards.create_text_tile(ids.dashboard, "hello"),
    "dashboards.update_text_tile": lambda c, ids: c.dashboards.update_text_tile(ids.dashboard, ids.tile, body="hi"),
}
# Methods that only read.
READS: dict[str, Call] = {
    "client.me": lambda c, ids: c.me(),
    "client.projects": lambda c, ids: c.projects(),
    "event_definitions.by_name": lambda c, ids: c.event_definitions.by_name("signed_up"),
    "dashboards.run_insights": lambda c, ids: c.dashboards.run_insights(ids.dashboard),
    "dashboards.sharing": lambda c, ids: c.dashboards.sharing(ids.dashboard),
    "dashboards.stream_tiles": lambda c, ids: _drain(c.dashboards.stream_tiles(ids.dashboard)),
    "actions.count": lambda c, ids: c.actions.count(ids.action),
    "actions.people": lambda c, ids: c.actions.people(ids.action),
    "events.values": lambda c, ids: c.events.values("$browser", event_name="$pageview"),
    # A snapshot only caches results for the analysis: nothing of the project changes.
    "dashboards.snapshot": lambda c, ids: c.dashboards.snapshot(ids.dashboard),
    "dashboards.analyze_refresh_result": lambda c, ids: c.dashboards.analyze_refresh_result(ids.dashboard, "k"),
    "client.personal_key": lambda c, ids: c.personal_key(),
    "client.project": lambda c, ids: c.project(1),
    "client.project_members": lambda c, ids: c.project_members(),
    "actions.references": lambda c, ids: c.actions.references(ids.action),
    "insights.by_short_id": lambda c, ids: c.insights.by_short_id("nope"),
    "insights.compute": lambda c, ids: c.insights.compute(ids.insight),
    # Queries are POSTs that only read: they pass the gate in every mode.
    "query.run": lambda c, ids: c.query.run({"kind": "HogQLQuery", "query": "SELECT count() FROM events"}),
    "query.hogql": lambda c, ids: c.query.hogql("SELECT event FROM events LIMIT 1"),
    "query.start": lambda c, ids: c.query.start({"kind": "HogQLQuery", "query": "SELECT 1"}),
    "query.status": lambda c, ids: c.query.status("nope"),
    "query.wait": lambda c, ids: c.query.wait("nope", timeout=1),
    "query.cancel": lambda c, ids: c.query.cancel("nope"),
    "query.events": lambda c, ids: _drain(c.query.events(event="$pageview", page_size=10)),
    "query.event_pages": lambda c, ids: _drain(c.query.event_pages(event="$pageview", page_size=10)),
    "query.all_events": lambda c, ids: c.query.all_events(after="2026-11-19T00:00:00Z", before="2026-11-20T00:00:00Z"),
}
GENERIC_WRITES = {
    "create": lambda g, ids: g.create({"name": "gate-test"}),
    "update": lambda g, ids, key: g.update(key, {"description": "gate"}),
    "delete": lambda g, ids, key: g.delete(key),
    "archive": lambda g, ids, key: g.archive(key),
    "restore": lambda g, ids, key: g.restore(key),
}
GENERIC_READS = {"all", "page", "stream", "get"}
# Low-level: any request through them is a write when its method is not GET.
PLUMBING = {"call", "optional", "aclose"}


async def _drain(stream: Any) -> None:
    async for _ in stream:
        pass


def _methods(client: PostHogClient) -> list[tuple[str, str, Any]]:
    groups = {"client": client, **{n: g for n, g in vars(client).items() if hasattr(g, "spec")}}
    found = []
    for name, group in groups.items():
        for method, function in inspect.getmembers(type(group)):
            if method.startswith("_") or method in PLUMBING:
                continue
            if inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function):
                found.append((name, method, group))
    return found


@dataclass
class FakeApp:
    """What the gate reads from the app: the target, the connection, and the dialogs it opens."""

    target: Target
    connection: Any = None
    asked: list[Any] = field(default_factory=list)

    def notify(self, *args: Any, **kwargs: Any) -> None:
        pass

    def refresh_bindings(self) -> None:
        pass

    async def push_screen_wait(self, screen: Any) -> bool:
        self.asked.append(screen)
        return False  # the user does not type the project's name


def _calls(client: PostHogClient, ids: Ids) -> list[tuple[str, bool, Callable[[], Awaitable[Any]]]]:
    """(name, writes, call) for every public method of the client."""
    calls = []
    unknown = []
    for group_name, method, group in _methods(client):
        name = f"{group_name}.{method}"
        if name in WRITES:
            calls.append((name, True, lambda f=WRITES[name]: f(client, ids)))
        elif name in READS:
            calls.append((name, False, lambda f=READS[name]: f(client, ids)))
        elif method in GENERIC_READS or method in GENERIC_WRITES:
            if not group.supports({"all": "list", "page": "list", "stream": "list"}.get(method, method)):
                continue  # refused before sending: nothing to gate
            writes = method in GENERIC_WRITES
            if method == "create":
                call = lambda g=group: GENERIC_WRITES["create"](g, ids)  # noqa: E731
            elif writes:
                call = lambda g=group, m=method, n=group_name: GENERIC_WRITES[m](g, ids, _group_id(n, ids))  # noqa: E731
            elif method == "stream":
                call = lambda g=group: g.stream(lambda page: None)  # noqa: E731
            elif method == "get":
                call = lambda g=group, n=group_name: g.get(_group_id(n, ids))  # noqa: E731
            else:
                call = getattr(group, method)
            calls.append((name, writes, call))
        else:
            unknown.append(name)
    assert not unknown, f"client methods with no sample in this test (add them to WRITES or READS): {unknown}"
    return calls


def test_the_samples_agree_with_the_clients_own_write_marks(demo):
    from tui.api.endpoints.base import changes_server_state

    client = PostHogClient(demo.url, demo.api_key, demo.project_id)
    marked = {f"{g}.{m}" for g, m, group in _methods(client) if changes_server_state(getattr(type(group), m))}
    sampled = set(WRITES) | {f"{g}.{m}" for g, m, _ in _methods(client) if m in GENERIC_WRITES}
    assert marked == sampled


def _writes_seen(demo: Any) -> list[str]:
    return [f"{r.method} {r.path}" for r in demo.requests if r.method != "GET"]


@pytest.mark.parametrize("mode", ["read_only", "protected"])
async def test_every_client_write_is_stopped_by_the_gate_and_reads_pass(demo, mode):
    app = FakeApp(Target(host=demo.url, project=demo.project_id, read_only=mode == "read_only",
                         protected=mode == "protected"))
    gate = WriteGate(app)  # type: ignore[arg-type]
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, gate=gate, max_retries=0) as client:
        ids = await _ids(client)
        calls = _calls(client, ids)
        assert len([c for c in calls if c[1]]) >= 20  # the enumeration found the writes
        for name, writes, call in calls:
            demo.requests.clear()
            asked = len(app.asked)
            if writes:
                with pytest.raises(WriteRefused):
                    await call()
                assert _writes_seen(demo) == [], name
                # Read-only refuses at once; a protected project asks for its name first.
                assert len(app.asked) - asked == (1 if mode == "protected" else 0), name
            else:
                try:
                    await call()
                except ApiError as error:
                    assert not isinstance(error, WriteRefused), name
                assert len(app.asked) == asked, name


async def test_a_raw_call_is_gated_too(demo):
    app = FakeApp(Target(host=demo.url, project=demo.project_id, read_only=True))
    async with PostHogClient(demo.url, demo.api_key, demo.project_id, gate=WriteGate(app)) as client:  # type: ignore[arg-type]
        demo.requests.clear()
        with pytest.raises(WriteRefused, match="Read-only session"):
            await client.event_definitions.call("POST", body={"name": "raw"})
        assert _writes_seen(demo) == []
