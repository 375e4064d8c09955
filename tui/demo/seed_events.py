"""A week of seeded events ending at `now`, and the live traffic that keeps arriving afterwards.

Live events exist only on the wall clock (`DemoOptions.now` unset): each 10-second slot after the
start gets a few events drawn from a generator seeded with the slot number, and they are added
lazily whenever a request reads the clock past them. A fixed clock never reaches a new slot, so
tests stay deterministic, and the same server time always shows the same events.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta

from .clock import iso_offset, iso_z
from .data import ProjectData, Record, random_uuid
from .event_log import EventLog
from .seed_activity import PAGES

SLOT_SECONDS = 10
FIRST_NAMES = ("Ada", "Bjørn", "Chioma", "Diego", "Emma", "Farah", "Goran", "Hiroshi", "Ines", "Jamal", "Kaja",
               "Lena", "Mateo", "Nadia", "Olu", "Priya", "Quentin", "Rosa", "Sven", "Tomás")
LAST_NAMES = ("Abara", "Becker", "Chen", "Dubois", "Eriksen", "Fontaine", "García", "Horvat", "Ito", "Jensen",
              "Kowalski", "Laine", "Müller", "Novak")
_BROWSERS = ("Chrome", "Safari", "Firefox", "Edge")
_OSES = ("Mac OS X", "Windows", "iOS", "Android", "Linux")
EVENT_WEIGHTS = (("$pageview", 40), ("$autocapture", 20), ("$pageleave", 8), ("$identify", 2), ("logged_in", 4),
                 ("file_uploaded", 6), ("file_downloaded", 5), ("file_shared", 3), ("search_performed", 3),
                 ("signed_up", 1), ("plan_upgraded", 1), ("invite_sent", 1), ("payment_failed", 1),
                 ("$exception", 1), ("[beta] checkout", 1), ("$rageclick", 1), ("Ünïcödé événement 🦔", 1))
_BUTTONS = (("button", "upload-button", "Upload", None), ("a", "nav-link", "Pricing", "/pricing"),
            ("button", "btn-primary", "Get started", None), ("a", "docs-link", "Docs", "https://hedgebox.net/docs"),
            ("button", "danger", "Empty trash", None))


def _persons(rng: random.Random, count: int, now: datetime) -> list[Record]:
    persons = []
    for i in range(count):
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        anon = f"0193{rng.getrandbits(48):012x}-anon"
        identified = i % 4 != 0
        email = f"{first.lower()}.{last.lower()}{i}@example.com"
        persons.append({
            "uuid": random_uuid(rng),
            "distinct_ids": [email if identified else anon, anon] if identified else [anon],
            "is_identified": identified,
            "properties": {"email": email, "name": f"{first} {last}"} if identified else {},
            "created_at": iso_z(now - timedelta(days=60, hours=i)),
        })
    return persons


def _element(rng: random.Random) -> tuple[list[Record], str]:
    tag, cls, text, href = _BUTTONS[rng.randrange(len(_BUTTONS))]
    button = {"event": None, "text": text, "tag_name": tag, "attr_class": [cls], "href": href, "attr_id": None,
              "nth_child": 1 + rng.randrange(4), "nth_of_type": 1, "attributes": {"attr__class": cls}, "order": 0}
    parent = {"event": None, "text": None, "tag_name": "div", "attr_class": ["toolbar"], "href": None,
              "attr_id": None, "nth_child": 2, "nth_of_type": 1, "attributes": {"attr__class": "toolbar"},
              "order": 1}
    chain = ";".join(
        f'{e["tag_name"]}.{e["attr_class"][0]}:attr__class="{e["attr_class"][0]}"'
        + (f'href="{e["href"]}"' if e["href"] else "") + f'nth-child="{e["nth_child"]}"nth-of-type="1"'
        + (f'text="{e["text"]}"' if e["text"] else "")
        for e in (button, parent))
    return [button, parent], chain


def _event(rng: random.Random, log: EventLog, when: datetime, names: list[str],
           weights: list[int]) -> tuple[Record, Record]:
    """One event and its person; draws the same values from `rng` whether or not it is kept."""
    person = log.persons[rng.randrange(len(log.persons))]
    event = rng.choices(names, weights)[0]
    page = PAGES[rng.randrange(len(PAGES))]
    properties = {"$current_url": f"https://hedgebox.net{page}", "$pathname": page,
                  "$browser": _BROWSERS[rng.randrange(4)], "$os": _OSES[rng.randrange(5)],
                  "$lib": "web", "$session_id": f"0193{rng.getrandbits(60):015x}", "$host": "hedgebox.net"}
    if event.startswith("file_"):
        properties.update(file_id=f"f_{rng.getrandbits(32):08x}", file_size_bytes=rng.randrange(1, 50_000_000),
                          mime_type=rng.choice(("image/png", "application/pdf", "text/plain", "video/mp4")))
    elif event in ("plan_upgraded", "payment_failed"):
        properties.update(plan=rng.choice(("standard", "pro", "enterprise")), seats=rng.randrange(1, 50))
    elif event == "signed_up":
        # Sent by the signup flow but missing from the "Account" schema (which requires an `account_id`
        # these events lack): the schema drift view's material. Read off the session id, so that no
        # value is drawn from `rng` and every later event stays as it was.
        mark = int(properties["$session_id"][-4:], 16)
        signup: Record = {"signup_method": ("email", "google", "github")[mark % 3], "invited": mark % 4 == 0}
        properties.update(signup)
    elif event == "search_performed":
        properties.update(query=rng.choice(("invoice", "holiday photos", "contract.pdf", "")),
                          results_count=rng.randrange(0, 40))
    elements, chain = _element(rng) if event in ("$autocapture", "$rageclick") else ([], "")
    record = {"id": random_uuid(rng), "distinct_id": person["distinct_ids"][0], "properties": properties,
              "event": event, "timestamp": iso_offset(when), "elements": elements, "elements_chain": chain}
    return record, person


def seed_events(data: ProjectData, now: datetime, rng: random.Random, count: int,
                weights: tuple[tuple[str, int], ...] = EVENT_WEIGHTS) -> None:
    log = data.log
    log.persons = _persons(rng, max(5, min(150, count // 20)), now)
    log.weights = weights
    names, counts = [n for n, _ in weights], [w for _, w in weights]
    # Distinct millisecond offsets keep timestamps unique, so following `next` never skips a tie.
    # Drawn newest first (the order the seed has always used), stored oldest first.
    newest_first = []
    for offset in sorted(rng.sample(range(1, 7 * 86400 * 1000), count)):
        when = now - timedelta(milliseconds=offset)
        newest_first.append((*_event(rng, log, when, names, counts), when))
    for record, person, when in reversed(newest_first):
        log.append(record, person, when=when)
    log.live_until = now
    _freshen_definitions(data)


def _freshen_definitions(data: ProjectData) -> None:
    """A definition was last seen when its newest event happened (and created with its first)."""
    oldest: dict[str, str] = {}
    for record in data.log.rows:
        oldest.setdefault(record["event"], record["timestamp"])
    for name, stamp in oldest.items():
        definition = data.definitions.get(data.definition_names.get(name, ""))
        if definition is not None and definition["created_at"] is None:
            definition["created_at"] = iso_z(datetime.fromisoformat(stamp))
    _quiet_before_the_log(data, oldest.keys())
    freshen(data, data.log.rows)


QUIET_DAYS = 30  # the longest window the app asks volumes for (an event's 30 days)


def _quiet_before_the_log(data: ProjectData, active: Iterable[str]) -> None:
    """A definition with no event in the log was last seen before the 30 days the volumes cover:
    "seen yesterday" with no event in 30 days would be a project that cannot exist."""
    if data.log.live_until is None:
        return
    recent = iso_z(data.log.live_until - timedelta(days=QUIET_DAYS))
    keep = {data.definition_names.get(name) for name in active}
    earlier: dict[str, str | None] = {}  # seeded times come from a small pool
    for key, definition in data.definitions.items():
        seen = definition["last_seen_at"]
        if seen is not None and seen > recent and key not in keep:
            if seen not in earlier:
                earlier[seen] = iso_z(datetime.fromisoformat(seen.replace("Z", "+00:00")) - timedelta(days=QUIET_DAYS))
            definition["last_seen_at"] = earlier[seen]
    data.definitions_changed()


def freshen(data: ProjectData, rows: list[Record]) -> None:
    """Move `last_seen_at` of the definitions of `rows` (oldest first) up to their newest event."""
    newest = {record["event"]: record["timestamp"] for record in rows}
    for name, stamp in newest.items():
        old = data.definitions.get(data.definition_names.get(name, ""))
        seen = iso_z(datetime.fromisoformat(stamp))
        if old is None or (old["last_seen_at"] or "") >= seen:
            continue
        new = {**old, "last_seen_at": seen}
        if (old["last_seen_at"] or "")[:10] == seen[:10]:
            data.replace_definition(old, new)
        else:  # a new day moves it in the default `-last_seen_at::date` order
            data.definitions[new["id"]] = new
            data.definitions_changed()


def catch_up(log: EventLog, seed: str, start: datetime, until: datetime) -> list[Record]:
    """Append (and return) the live events of every 10-second slot `until` has reached since the last call."""
    if log.live_until is None or until <= log.live_until or not log.persons:
        return []
    added = len(log)
    names, counts = [n for n, _ in log.weights], [w for _, w in log.weights]
    first = int((log.live_until - start).total_seconds() // SLOT_SECONDS)
    last = int((until - start).total_seconds() // SLOT_SECONDS)
    for slot in range(max(0, first), last + 1):
        rng = random.Random(f"{seed}:live:{slot}")
        offsets = sorted(rng.uniform(0, SLOT_SECONDS) for _ in range(rng.randint(1, 4)))
        for offset in offsets:
            # Whole milliseconds, like the timestamps the events API prints.
            when = start + timedelta(milliseconds=round((slot * SLOT_SECONDS + offset) * 1000))
            # A slot is replayed from its start on every call, so each of its events comes out the same
            # however the reads split it.
            record, person = _event(rng, log, when, names, counts)
            if log.live_until < when <= until:
                log.append(record, person, when=when)
    log.live_until = until
    return log.rows[added:]
