"""The triage queues: which event definitions need work, as pure functions of the definitions, their
30-day volumes (None when the Query API is unavailable) and the event schemas.

Events whose names start with `$` are PostHog's own: they are exempt from the naming rule and from
the near-duplicate clusters, and PostHog describes them itself, so they never count as undescribed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tui.api.models import EventDefinition, EventSchema

from .volumes import Volumes

NAMING_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$"
STALE_DAYS = 30
# "Busy" means among this many of the busiest events of the last 30 days.
BUSIEST = 50
# Leading words that name who did it, not what happened: `user_signed_up` is `signed_up`.
SUBJECT_WORDS = frozenset({"user", "users", "person", "customer", "client", "visitor"})
# Names shorter than this (letters and digits) are too short for one edit to mean a typo.
EDIT_MIN_LENGTH = 6


@dataclass(frozen=True)
class TriageConfig:
    stale_days: int = STALE_DAYS
    naming_pattern: str = NAMING_PATTERN
    busiest: int = BUSIEST


@dataclass(frozen=True)
class QueueKind:
    id: str
    title: str
    needs_volumes: bool
    help: str


KINDS = (
    QueueKind("undescribed", "Undescribed", False, "no description"),
    QueueKind("busy", "Unverified but busy", True, "among the busiest events, not verified"),
    QueueKind("stale", "Stale", False, "no event for the stale period"),
    QueueKind("never_seen", "Defined, never seen", False, "no event ever arrived"),
    QueueKind("hidden_arriving", "Hidden but arriving", True, "hidden, yet events arrived in 30 days"),
    QueueKind("duplicates", "Near-duplicates", False, "names that differ by case, separators, plural or one edit"),
    QueueKind("naming", "Naming breaks", False, "names outside the naming pattern"),
    QueueKind("no_schema", "Busy without schema", True, "among the busiest events, no event schema"),
)
KIND_IDS = tuple(kind.id for kind in KINDS)
NO_VOLUMES = "needs the 30-day volumes from the Query API, which this server or key does not answer"


@dataclass
class Queue:
    kind: QueueKind
    members: list[EventDefinition] = field(default_factory=list)
    # Why the queue could not be computed (it needs volumes and there are none); None when it was.
    unavailable: str | None = None

    @property
    def id(self) -> str:
        return self.kind.id


@dataclass
class Triage:
    queues: dict[str, Queue]
    volumes: Volumes | None
    # Near-duplicate clusters, each sorted by name; the busiest cluster first when volumes are known.
    clusters: list[list[EventDefinition]]

    def volume(self, name: str) -> int | None:
        return None if self.volumes is None else self.volumes.total(name)


def is_core(name: str) -> bool:
    return name.startswith("$")


def undescribed(definitions: Iterable[EventDefinition]) -> list[EventDefinition]:
    return [d for d in definitions if not is_core(d.name) and not (d.description or "").strip()]


def busiest(definitions: Iterable[EventDefinition], volumes: Volumes, count: int) -> list[EventDefinition]:
    """The `count` busiest definitions with any events, busiest first (ties by name)."""
    totals = volumes.totals()
    arriving = [d for d in definitions if totals.get(d.name, 0) > 0]
    return sorted(arriving, key=lambda d: (-totals[d.name], d.name))[:count]


def unverified_busy(definitions: Iterable[EventDefinition], volumes: Volumes, count: int) -> list[EventDefinition]:
    return [d for d in busiest(definitions, volumes, count) if not d.verified]


def stale(definitions: Iterable[EventDefinition], now: datetime, days: int) -> list[EventDefinition]:
    """Seen once, but not within `days` days (PostHog keeps `last_seen_at` up to date)."""
    cutoff = now - timedelta(days=days)
    return [d for d in definitions if d.last_seen_at is not None and _aware(d.last_seen_at) < cutoff]


def never_seen(definitions: Iterable[EventDefinition], volumes: Volumes | None = None) -> list[EventDefinition]:
    totals = volumes.totals() if volumes is not None else {}
    return [d for d in definitions if d.last_seen_at is None and not totals.get(d.name)]


def hidden_arriving(definitions: Iterable[EventDefinition], volumes: Volumes) -> list[EventDefinition]:
    totals = volumes.totals()
    return [d for d in definitions if d.hidden and totals.get(d.name, 0) > 0]


def naming_breaks(definitions: Iterable[EventDefinition], pattern: str) -> list[EventDefinition]:
    rule = re.compile(pattern)
    return [d for d in definitions if not is_core(d.name) and not rule.fullmatch(d.name)]


def without_schema(definitions: Iterable[EventDefinition], volumes: Volumes, count: int,
                   schemas: Iterable[EventSchema]) -> list[EventDefinition]:
    covered = {s.event_definition for s in schemas}
    return [d for d in busiest(definitions, volumes, count) if d.id not in covered]


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WORD = re.compile(r"[^\W_]+")


def words(name: str) -> tuple[str, ...]:
    """The name's words, lower case and singular: `Signed Up`, `signed-up` and `SignedUp` are alike."""
    return tuple(_singular(w.lower()) for w in _WORD.findall(_CAMEL.sub(" ", name)))


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def near_duplicates(definitions: Sequence[EventDefinition]) -> list[list[EventDefinition]]:
    """Clusters of two or more names that are the same words (case, separators, plural), the same
    words after a subject word (`user_signed_up`), or one edit apart (`signed_upp`)."""
    keys: dict[str, list[int]] = {}
    for index, definition in enumerate(definitions):
        if is_core(definition.name):
            continue
        found = words(definition.name)
        if found:
            keys.setdefault("_".join(found), []).append(index)
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    # One edit apart: two keys share a form with one character deleted (or one is the other's).
    by_deletion: dict[str, str] = {}
    for key in keys:
        first, rest = key.split("_", 1) if "_" in key else (key, "")
        if first in SUBJECT_WORDS and rest in keys:
            join(key, rest)
        plain = key.replace("_", "")
        if len(plain) < EDIT_MIN_LENGTH:
            continue
        for form in {plain, *(plain[:i] + plain[i + 1:] for i in range(len(plain)))}:
            other = by_deletion.setdefault(form, key)
            if other != key:
                join(key, other)
    groups: dict[str, list[int]] = {}
    for key, indexes in keys.items():
        groups.setdefault(root(key), []).extend(indexes)
    clusters = [sorted((definitions[i] for i in group), key=lambda d: d.name)
                for group in groups.values() if len(group) > 1]
    return sorted(clusters, key=lambda c: c[0].name)


def triage(definitions: Sequence[EventDefinition], schemas: Sequence[EventSchema], volumes: Volumes | None,
           config: TriageConfig = TriageConfig(), now: datetime | None = None) -> Triage:
    """Every queue; those needing volumes say why they are empty when `volumes` is None."""
    now = now or datetime.now(UTC)
    # A cluster with one name left visible is dealt with (a merge hides the others).
    clusters = [c for c in near_duplicates(definitions) if sum(not d.hidden for d in c) > 1]
    if volumes is not None:
        busy = volumes.totals()
        clusters.sort(key=lambda c: -sum(busy.get(d.name, 0) for d in c))
    members: dict[str, list[EventDefinition]] = {
        "undescribed": undescribed(definitions),
        "stale": stale(definitions, now, config.stale_days),
        "never_seen": never_seen(definitions, volumes),
        "duplicates": [d for cluster in clusters for d in cluster],
        "naming": naming_breaks(definitions, config.naming_pattern),
    }
    if volumes is not None:
        members["busy"] = unverified_busy(definitions, volumes, config.busiest)
        members["hidden_arriving"] = hidden_arriving(definitions, volumes)
        members["no_schema"] = without_schema(definitions, volumes, config.busiest, schemas)
    totals = volumes.totals() if volumes is not None else {}
    for kind, found in members.items():
        if kind != "duplicates":  # clusters stay together
            found.sort(key=lambda d: (-totals.get(d.name, 0), d.name))
    queues = {kind.id: Queue(kind, members.get(kind.id, []), None if kind.id in members else NO_VOLUMES)
              for kind in KINDS}
    return Triage(queues, volumes, clusters)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
