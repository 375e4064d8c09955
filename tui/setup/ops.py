"""A plan turned into requests, each an `Op`: one request (a bulk call counts as one), a phase, and
what it needs done first.

Phases run in dependency order: property groups, event definitions, event schemas (they join the
two), actions, dashboards, then the tiles (insights are created from their queries with the
target's action ids, text tiles with `create_text_tile`), then one PATCH per dashboard that puts
every tile where the file has it and removes the tiles it does not list, and last the objects
`--prune` removes. Ids the server hands out along the way (a new definition's, a new tile's) are
kept in the `Run`, so later ops can use them.

Event definitions whose only changes are tags or verification are sent through the server's bulk
endpoints, up to 500 at a time; a server or key without them gets one PATCH per definition.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tui.setup import refs
from tui.setup.kinds import BY_ID, INSIGHT, Shape, normal, wire
from tui.setup.plan import ARCHIVE, CREATE, DELETE, UPDATE, Change, Plan, match_tiles
from tui.setup.pull import Project

GROUPS, DEFINITIONS, SCHEMAS, ACTIONS, DASHBOARDS, TILES, LAYOUTS = range(1, 8)
PRUNE_BOARDS, PRUNE_SCHEMAS, PRUNE_DEFINITIONS, PRUNE_GROUPS = range(8, 12)
BULK_CHUNK = 500
# Answers to a bulk call that prove it did nothing and the endpoint is not there for this key.
BULK_FALLBACK = (403, 404, 405)


@dataclass
class Run:
    """What an apply knows as it goes: the target's ids, and the ids of what it created."""

    client: Any
    target: Project
    ids: dict[tuple[str, str], Any] = field(default_factory=dict)
    tile_ids: dict[tuple[str, int], int] = field(default_factory=dict)
    # Items of a bulk call the server skipped: change id -> its reason.
    item_failures: dict[str, str] = field(default_factory=dict)

    def id_of(self, kind: str, key: str) -> Any:
        found = self.ids.get((kind, key))
        if found is None:
            raise LookupError(f"{BY_ID[kind].noun} {key!r} has no id on the target")
        return found


@dataclass
class Op:
    id: str
    phase: int
    label: str
    send: Callable[[Run], Awaitable[Any]]
    # Keeps what `send` returned (or what the journal kept of it) in the run.
    keep: Callable[[Run, Any], None] | None = None
    needs: tuple[str, ...] = ()
    # The changes this op is part of (a bulk call covers many).
    changes: tuple[str, ...] = ()


def wire_row(shape: Shape, row: dict[str, Any]) -> dict[str, Any]:
    """A row of a list the server replaces whole, with every field (defaults where the file left them out)."""
    out = {spec.name: wire(spec, row.get(spec.name, normal(spec, None))) for spec in shape.fields}
    for spec in shape.fields:
        if spec.type == "raw" and out[spec.name] is None:
            del out[spec.name]
    return out | {k: v for k, v in row.items() if shape.get(k) is None}


def wire_body(kind: str, entry: dict[str, Any], names: set[str] | None, target: Project) -> dict[str, Any]:
    """The fields `names` (all when None) of a file entry as the server takes them."""
    shape = BY_ID[kind].shape
    body: dict[str, Any] = {}
    for name, value in entry.items():
        if names is not None and name not in names:
            continue
        spec = shape.get(name)
        if spec is None:
            body[name] = value
        elif spec.type == "tiles" or (name == "sharing" and kind == "dashboards"):
            continue
        elif spec.type == "email":
            if value is None or value in target.users:
                body[name] = target.users.get(value) if value else None
        elif spec.type == "rows":
            assert spec.shape is not None
            body[name] = [wire_row(spec.shape, row) for row in value]
        elif name == "filters" and not value:
            continue  # PostHog ignores an empty value here
        else:
            body[name] = wire(spec, value)
    return body


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:10]


class _Builder:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.target = plan.target
        self.ops: list[Op] = []
        self.created: dict[str, str] = {}  # change id -> the op creating it
        self.tags: dict[tuple[str, ...], list[Change]] = {}
        # (dashboard key, desired tile index) -> the id of the target's tile it already is.
        self.known: dict[tuple[str, int], int] = {}
        self.verified: dict[bool, list[Change]] = {}

    def add(self, op: Op) -> Op:
        self.ops.append(op)
        return op

    def build(self) -> list[Op]:
        for change in self.plan.pending:
            getattr(self, f"_{change.kind}")(change)
        self._bulk()
        return sorted(self.ops, key=lambda op: op.phase)

    # -- one method per kind ----------------------------------------------------------------

    def _simple(self, change: Change, phase: int, prune_phase: int) -> None:
        """Create, PATCH the changed fields, delete or archive one object by its key."""
        kind, key = change.kind, change.key
        if change.op == CREATE:
            body = wire_body(kind, change.desired or {}, None, self.target)

            async def create(run: Run) -> Any:
                return (await getattr(run.client, kind).create(body)).id

            def keep(run: Run, new_id: Any) -> None:
                run.ids[(kind, key)] = new_id

            op = self.add(Op(f"{change.id}:create", phase, f"create {change.noun} {key}", create, keep,
                             changes=(change.id,)))
            self.created[change.id] = op.id
        elif change.op == UPDATE:
            body = wire_body(kind, change.desired or {}, {f.field for f in change.fields}, self.target)
            if not body:
                return

            async def update(run: Run) -> Any:
                await getattr(run.client, kind).update(run.id_of(kind, key), body)

            self.add(Op(f"{change.id}:update", phase, f"update {change.noun} {key}", update, changes=(change.id,)))
        elif change.op in (DELETE, ARCHIVE):
            verb = "archive" if change.op == ARCHIVE else "delete"

            async def remove(run: Run) -> Any:
                await getattr(getattr(run.client, kind), verb)(run.id_of(kind, key))

            self.add(Op(f"{change.id}:{verb}", prune_phase, f"{verb} {change.noun} {key}", remove,
                        changes=(change.id,)))

    def _property_groups(self, change: Change) -> None:
        self._simple(change, GROUPS, PRUNE_GROUPS)

    def _actions(self, change: Change) -> None:
        self._simple(change, ACTIONS, PRUNE_BOARDS)

    def _event_definitions(self, change: Change) -> None:
        changed = {f.field for f in change.fields}
        if change.op == UPDATE and changed and changed <= {"tags", "verified"}:
            desired = change.desired or {}
            if "tags" in changed:
                self.tags.setdefault(tuple(desired["tags"]), []).append(change)
            if "verified" in changed:
                self.verified.setdefault(bool(desired["verified"]), []).append(change)
            return
        self._simple(change, DEFINITIONS, PRUNE_DEFINITIONS)

    def _bulk(self) -> None:
        for tags, changes in sorted(self.tags.items()):
            for chunk in _chunks(changes):
                label = f"set tags [{', '.join(tags)}] on {len(chunk)} event definitions"
                self._bulk_op(chunk, f"tags={','.join(tags)}", label, "tags", list(tags))
        for verified, changes in sorted(self.verified.items()):
            for chunk in _chunks(changes):
                label = f"{'verify' if verified else 'unverify'} {len(chunk)} event definitions"
                self._bulk_op(chunk, f"verified={verified}", label, "verified", verified)

    def _bulk_op(self, chunk: list[Change], what: str, label: str, name: str, value: Any) -> None:
        from tui.api.errors import ApiError

        keys = [c.key for c in chunk]

        async def send(run: Run) -> Any:
            ids = {run.id_of("event_definitions", key): key for key in keys}
            definitions = run.client.event_definitions
            try:
                if name == "tags":
                    answer = await definitions.bulk_update_tags(list(ids), "set", value)
                else:
                    answer = await definitions.bulk_update_verified(list(ids), value)
            except ApiError as error:
                if error.status not in BULK_FALLBACK:
                    raise
                for definition_id in ids:
                    await definitions.update(definition_id, {name: value})
                return None
            for item in answer.skipped:
                key = ids.get(str(item.id))
                if key is not None:
                    run.item_failures[f"event_definitions/{key}"] = item.reason or "skipped by the server"
            return None

        self.add(Op(f"event_definitions:{what}:{_digest(keys)}", DEFINITIONS, label, send,
                    changes=tuple(c.id for c in chunk)))

    def _event_schemas(self, change: Change) -> None:
        event = change.key
        old = set((change.current or {}).get("property_groups", []))
        new = set() if change.op == DELETE else set((change.desired or {}).get("property_groups", old))
        phase = PRUNE_SCHEMAS if change.op == DELETE else SCHEMAS
        for group in sorted(new - old):
            needs = tuple(op for op in (self.created.get(f"event_definitions/{event}"),
                                        self.created.get(f"property_groups/{group}")) if op)

            async def add(run: Run, group: str = group) -> Any:
                body = {"event_definition": run.id_of("event_definitions", event),
                        "property_group_id": run.id_of("property_groups", group)}
                return (await run.client.event_schemas.create(body)).id

            self.add(Op(f"{change.id}:add {group}", phase, f"add property group {group} to {event}", add,
                        needs=needs, changes=(change.id,)))
        for group in sorted(old - new):
            schema_id = self.target.schema_ids[(event, group)]

            async def remove(run: Run, schema_id: str = schema_id) -> Any:
                await run.client.event_schemas.delete(schema_id)

            self.add(Op(f"{change.id}:remove {group}", phase, f"remove property group {group} from {event}",
                        remove, changes=(change.id,)))

    def _dashboards(self, change: Change) -> None:
        if change.op in (DELETE, ARCHIVE):
            self._simple(change, DASHBOARDS, PRUNE_BOARDS)
            return
        key, desired = change.key, change.desired or {}
        self._simple(change, DASHBOARDS, PRUNE_BOARDS)
        board = self.created.get(change.id)
        needs = (board,) if board else ()
        changed = {f.field for f in change.fields}
        if "sharing" in desired and (change.op == CREATE and desired["sharing"] or "sharing" in changed):
            enabled = bool(desired["sharing"])

            async def share(run: Run) -> Any:
                await run.client.dashboards.update_sharing(run.id_of("dashboards", key), {"enabled": enabled})

            self.add(Op(f"{change.id}:sharing", LAYOUTS, f"{'share' if enabled else 'unshare'} dashboard {key}",
                        share, needs=needs, changes=(change.id,)))
        if "tiles" in desired and (change.op == CREATE or any(f.startswith("tiles[") for f in changed)):
            self._tiles(change, needs)

    def _tiles(self, change: Change, needs: tuple[str, ...]) -> None:
        key = change.key
        desired = (change.desired or {}).get("tiles", [])
        current = (change.current or {}).get("tiles", [])
        current_refs = self.target.tiles.get(key, [])
        placed: list[tuple[int, dict]] = []  # desired index -> display fields, once its tile id is known
        removed: list[int] = []
        for i, j in match_tiles(desired, current):
            if i in change.left_out:
                continue
            if i is None:
                assert j is not None
                removed.append(current_refs[j].id)
                continue
            tile = desired[i]
            if j is None:
                self._new_tile(change, i, tile, needs)
                if tile.get("insight") is not None:
                    placed.append((i, {k: tile[k] for k in ("layouts", "color") if k in tile}))
                continue
            old, ref = current[j], current_refs[j]
            display = {k: tile[k] for k in ("layouts", "color") if k in tile and tile[k] != old.get(k)}
            if display:
                placed.append((i, display))
            self.known[(key, i)] = ref.id
            insight = tile.get("insight") or {}
            changed = {k for k, v in insight.items() if v != (old.get("insight") or {}).get(k)}
            if changed and ref.insight_id is not None:
                self._insight_update(change, i, ref.insight_id, insight, changed)
        if placed or removed:
            self._layouts(change, placed, removed, needs)

    def _new_tile(self, change: Change, i: int, tile: dict[str, Any], needs: tuple[str, ...]) -> None:
        key = change.key
        insight = tile.get("insight")
        label = f"add tile {i + 1} to dashboard {key}"

        def keep(run: Run, tile_id: Any) -> None:
            run.tile_ids[(key, i)] = tile_id

        if insight is None:
            body, layouts, color = tile.get("text") or "", tile.get("layouts") or None, tile.get("color")

            async def text(run: Run) -> Any:
                made = await run.client.dashboards.create_text_tile(run.id_of("dashboards", key), body,
                                                                    layouts=layouts, color=color)
                return made.id

            self.add(Op(f"{change.id}:tile {i + 1}:text", TILES, label, text, keep, needs, (change.id,)))
            return
        action_needs = tuple(op for name in sorted(refs.action_names(insight.get("query")))
                             if (op := self.created.get(f"actions/{name}")))
        fields = _insight_fields(insight, set(insight))

        async def create(run: Run) -> Any:
            board = run.id_of("dashboards", key)
            body = {**fields, "query": _query(run, insight.get("query")), "dashboards": [board]}
            made = await run.client.insights.create(body)
            return next((t.get("id") for t in made.dashboard_tiles
                         if t.get("dashboard_id") == board and not t.get("deleted")), None)

        self.add(Op(f"{change.id}:tile {i + 1}:insight", TILES, label, create, keep, needs + action_needs,
                    (change.id,)))

    def _insight_update(self, change: Change, i: int, insight_id: int, insight: dict, changed: set[str]) -> None:
        fields = _insight_fields(insight, changed)
        action_needs = tuple(op for name in sorted(refs.action_names(insight.get("query")))
                             if (op := self.created.get(f"actions/{name}")))

        async def update(run: Run) -> Any:
            body = dict(fields)
            if "query" in body:
                body["query"] = _query(run, insight.get("query"))
            await run.client.insights.update(insight_id, body)

        self.add(Op(f"{change.id}:tile {i + 1}:insight update", TILES,
                    f"update the insight of tile {i + 1} on dashboard {change.key}", update, needs=action_needs,
                    changes=(change.id,)))

    def _layouts(self, change: Change, placed: list[tuple[int, dict]], removed: list[int],
                 needs: tuple[str, ...]) -> None:
        key = change.key
        known = {i: tile_id for (board, i), tile_id in self.known.items() if board == key}

        async def patch(run: Run) -> Any:
            items = []
            for i, display in placed:
                tile_id = known.get(i, run.tile_ids.get((key, i)))
                if tile_id is not None:
                    items.append({"id": tile_id, **display})
            items += [{"id": tile_id, "deleted": True} for tile_id in removed]
            if items:
                await run.client.dashboards.update(run.id_of("dashboards", key), {"tiles": items})

        what = "lay out" + (f" and remove {len(removed)}" if removed else "")
        self.add(Op(f"{change.id}:tiles", LAYOUTS, f"{what} the tiles of dashboard {key}", patch, needs=needs,
                    changes=(change.id,)))


def _insight_fields(insight: dict[str, Any], names: set[str]) -> dict[str, Any]:
    out = {}
    for name in sorted(names & set(insight)):
        spec = INSIGHT.get(name)
        out[name] = wire(spec, insight[name]) if spec else insight[name]
    return out


def _query(run: Run, query: Any) -> Any:
    missing: set[str] = set()
    out = refs.to_ids(query, lambda name: run.ids.get(("actions", name)), missing)
    if missing:
        raise LookupError(f"no action named {', '.join(sorted(missing))} on the target")
    return out


def _chunks(changes: list[Change]) -> list[list[Change]]:
    ordered = sorted(changes, key=lambda c: c.key)
    return [ordered[i:i + BULK_CHUNK] for i in range(0, len(ordered), BULK_CHUNK)]


def build_ops(plan: Plan) -> list[Op]:
    """Every request the plan's pending changes need, in the order they may be sent."""
    return _Builder(plan).build()
