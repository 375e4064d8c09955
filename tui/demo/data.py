"""The in-memory shape of one project's data (filled by the seed, mutated by the routes)."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from typing import Any

from .event_log import EventLog

Record = dict[str, Any]


def random_uuid(rng: random.Random) -> str:
    """A version-4 UUID string from `rng` (formatted by hand: uuid.UUID is the seed's hot spot)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


@dataclass
class ProjectData:
    project: Record
    # Definition records are never mutated in place (routes replace them), so a reset can share
    # them with the seed and only copy the mapping: that keeps reset fast at 100k definitions.
    definitions: dict[str, Record] = field(default_factory=dict)
    definition_names: dict[str, str] = field(default_factory=dict)
    definition_orders: dict[tuple, list[Record]] = field(default_factory=dict)
    property_groups: dict[str, Record] = field(default_factory=dict)
    event_schemas: dict[str, Record] = field(default_factory=dict)
    insights: dict[int, Record] = field(default_factory=dict)
    texts: dict[int, Record] = field(default_factory=dict)
    tiles: dict[int, Record] = field(default_factory=dict)
    dashboards: dict[int, Record] = field(default_factory=dict)
    sharing: dict[int, Record] = field(default_factory=dict)
    snapshots: dict[str, Any] = field(default_factory=dict)
    actions: dict[int, Record] = field(default_factory=dict)
    # Events are read-only through the API: shared between the seed and every reset.
    log: EventLog = field(default_factory=EventLog)
    counters: dict[str, int] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)

    @property
    def id(self) -> int:
        return self.project["id"]

    def next_id(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def new_uuid(self) -> str:
        return random_uuid(self.rng)

    def new_token(self, length: int = 22) -> str:
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def definitions_changed(self) -> None:
        self.definition_orders = {}

    def replace_definition(self, old: Record, new: Record) -> None:
        """Swap a record without re-sorting: cached orders get copies with the new record in place
        (copies, because the seed's cached lists are shared with every reset)."""
        self.definitions[new["id"]] = new
        for terms, rows in self.definition_orders.items():
            index = rows.index(old)
            self.definition_orders[terms] = [*rows[:index], new, *rows[index + 1:]]

    def clone(self) -> ProjectData:
        small = copy.deepcopy(
            (self.project, self.property_groups, self.event_schemas, self.insights, self.texts, self.tiles,
             self.dashboards, self.sharing, self.snapshots, self.actions, self.counters)
        )
        rng = random.Random()
        rng.setstate(self.rng.getstate())
        return ProjectData(
            project=small[0],
            definitions=dict(self.definitions),
            definition_names=dict(self.definition_names),
            definition_orders=dict(self.definition_orders),
            property_groups=small[1],
            event_schemas=small[2],
            insights=small[3],
            texts=small[4],
            tiles=small[5],
            dashboards=small[6],
            sharing=small[7],
            snapshots=small[8],
            actions=small[9],
            log=self.log,
            counters=small[10],
            rng=rng,
        )
