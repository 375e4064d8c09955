"""Seeded actions and a week of events ending at `now`."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .clock import iso_offset, iso_z
from .data import ProjectData, Record, random_uuid
from .shapes import action_record
from .users import USERS, user_basic

PAGES = ("/", "/pricing", "/signup", "/login", "/files", "/files/shared", "/settings/billing", "/settings/team",
         "/docs", "/blog", "/checkout", "/invite", "/search", "/trash", "/onboarding", "/account")
_HAND_ACTIONS: tuple[tuple[str, list[Record], list[str], str], ...] = (
    ("Signed up", [{"event": "signed_up"}], ["activation"], "Account created from any platform."),
    ("Uploaded a file", [{"event": "file_uploaded"}], ["core"], ""),
    ("Clicked upload button", [{"event": "$autocapture", "selector": "button.upload-button", "text": "Upload"}],
     ["core"], "Autocaptured clicks on the main upload button."),
    ("Visited pricing", [{"event": "$pageview", "url": "/pricing", "url_matching": "contains"}], ["growth"], ""),
    ("Started checkout", [{"event": "$pageview", "url": r"^https://hedgebox\.net/checkout(\?.*)?$",
                           "url_matching": "regex"}], ["billing"], "Regex on the checkout URL."),
    ("Upgraded plan", [{"event": "plan_upgraded", "properties": [
        {"key": "plan", "value": ["pro", "enterprise"], "operator": "exact", "type": "event"}]}], ["billing"], ""),
    ("Clicked docs link", [{"event": "$autocapture", "href": "https://hedgebox.net/docs", "href_matching": "exact",
                            "tag_name": "a"}], [], ""),
    ("Shared or downloaded", [{"event": "file_shared"}, {"event": "file_downloaded"}], ["core", "retention"],
     "Two steps: any of them matches."),
    ("Large upload", [{"event": "file_uploaded", "properties": [
        {"key": "file_size_bytes", "value": 10_000_000, "operator": "gt", "type": "event"}]}], ["storage"], ""),
    ("Rage click on upload", [{"event": "$rageclick", "selector": "#upload-dropzone"}], ["experimental"], ""),
    ("Invited a teammate", [{"event": "invite_sent"}], ["growth"], ""),
    ("Searched with no results", [{"event": "search_performed", "properties": [
        {"key": "results_count", "value": "0", "operator": "exact", "type": "event"}]}], [], ""),
    ("Payment failed", [{"event": "payment_failed"}], ["billing"], "Card declined or expired."),
    ("Logged in (mobile)", [{"event": "logged_in", "properties": [
        {"key": "$os", "value": ["iOS", "Android"], "operator": "exact", "type": "event"}]}], ["mobile"], ""),
    ("Clicked 'Get started'", [{"event": "$autocapture", "text": "Get started", "text_matching": "exact"}],
     ["activation"], ""),
    ("Viewed [beta] checkout", [{"event": "[beta] checkout"}], ["experimental"], "Name with [markup] text."),
    ("Emptied trash", [{"event": "$autocapture", "selector": "div.trash > button.danger",
                        "text": "empty", "text_matching": "contains"}], [], ""),
    ("Onboarding finished", [{"event": "onboarding_completed"}], ["activation"], ""),
    ("Any exception", [{"event": "$exception"}], [], ""),
    ("Ünïcödé action ✅", [{"event": "Ünïcödé événement 🦔"}], [], ""),
)


def seed_actions(data: ProjectData, now: datetime, rng: random.Random, count: int) -> None:
    specs = list(_HAND_ACTIONS)
    for page in PAGES:
        specs.append((f"Viewed {page}", [{"event": "$pageview", "url": f"https://hedgebox.net{page}",
                                          "url_matching": "exact"}], [], ""))
    specs.extend((f"Clicked {label}", [{"event": "$autocapture", "selector": f"[data-attr='{label}']"}], [], "")
                 for label in ("nav-files", "nav-settings", "nav-help", "share-dialog"))
    for index, (name, steps, tags, description) in enumerate(specs[:count], start=1):
        created = now - timedelta(days=180 - index * 3, hours=rng.randrange(24))
        data.actions[index] = action_record(
            index, name, data.id, steps=steps, tags=tags, description=description, created_at=iso_z(created),
            created_by=user_basic(1 + rng.randrange(len(USERS))), last_calculated_at=iso_z(now - timedelta(
                minutes=rng.randrange(1, 600))), pinned_at=iso_z(created) if index % 9 == 0 else None,
        )
    # Two soft-deleted actions, hidden from the list but still retrievable.
    for name in ("Old signup flow", "Clicked legacy banner"):
        action_id = len(data.actions) + 1
        data.actions[action_id] = action_record(action_id, name, data.id, steps=[{"event": "signed_up"}],
                                                deleted=True, created_at=iso_z(now - timedelta(days=400)),
                                                created_by=user_basic(2))
    data.counters["action"] = len(data.actions)


FIRST_NAMES = ("Ada", "Bjørn", "Chioma", "Diego", "Emma", "Farah", "Goran", "Hiroshi", "Ines", "Jamal", "Kaja",
               "Lena", "Mateo", "Nadia", "Olu", "Priya", "Quentin", "Rosa", "Sven", "Tomás")
LAST_NAMES = ("Abara", "Becker", "Chen", "Dubois", "Eriksen", "Fontaine", "García", "Horvat", "Ito", "Jensen",
              "Kowalski", "Laine", "Müller", "Novak")
_BROWSERS = ("Chrome", "Safari", "Firefox", "Edge")
_OSES = ("Mac OS X", "Windows", "iOS", "Android", "Linux")
_EVENT_WEIGHTS = (("$pageview", 40), ("$autocapture", 20), ("$pageleave", 8), ("$identify", 2), ("logged_in", 4),
                  ("file_uploaded", 6), ("file_downloaded", 5), ("file_shared", 3), ("search_performed", 3),
                  ("signed_up", 1), ("plan_upgraded", 1), ("invite_sent", 1), ("payment_failed", 1),
                  ("$exception", 1), ("[beta] checkout", 1), ("$rageclick", 1), ("Ünïcödé événement 🦔", 1))
_BUTTONS = (("button", "upload-button", "Upload", None), ("a", "nav-link", "Pricing", "/pricing"),
            ("button", "btn-primary", "Get started", None), ("a", "docs-link", "Docs", "https://hedgebox.net/docs"),
            ("button", "danger", "Empty trash", None))


def _persons(rng: random.Random, count: int) -> list[Record]:
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


def seed_events(data: ProjectData, now: datetime, rng: random.Random, count: int) -> None:
    persons = _persons(rng, max(5, min(150, count // 20)))
    names = [name for name, _ in _EVENT_WEIGHTS]
    weights = [weight for _, weight in _EVENT_WEIGHTS]
    # Distinct millisecond offsets keep timestamps unique, so following `next` never skips a tie.
    offsets = sorted(rng.sample(range(1, 7 * 86400 * 1000), count))
    for offset in offsets:
        person = persons[rng.randrange(len(persons))]
        event = rng.choices(names, weights)[0]
        when = now - timedelta(milliseconds=offset)
        page = PAGES[rng.randrange(len(PAGES))]
        properties = {"$current_url": f"https://hedgebox.net{page}", "$pathname": page,
                      "$browser": _BROWSERS[rng.randrange(4)], "$os": _OSES[rng.randrange(5)],
                      "$lib": "web", "$session_id": f"0193{rng.getrandbits(60):015x}", "$host": "hedgebox.net"}
        if event.startswith("file_"):
            properties.update(file_id=f"f_{rng.getrandbits(32):08x}", file_size_bytes=rng.randrange(1, 50_000_000),
                              mime_type=rng.choice(("image/png", "application/pdf", "text/plain", "video/mp4")))
        elif event in ("plan_upgraded", "payment_failed"):
            properties.update(plan=rng.choice(("standard", "pro", "enterprise")), seats=rng.randrange(1, 50))
        elif event == "search_performed":
            properties.update(query=rng.choice(("invoice", "holiday photos", "contract.pdf", "")),
                              results_count=rng.randrange(0, 40))
        elements, chain = _element(rng) if event in ("$autocapture", "$rageclick") else ([], "")
        record = {"id": random_uuid(rng), "distinct_id": person["distinct_ids"][0], "properties": properties,
                  "event": event, "timestamp": iso_offset(when), "elements": elements, "elements_chain": chain}
        data.events.append(record)
        data.event_times.append(-when.timestamp())
        data.event_person[record["id"]] = person
    data.events_by_id.update((e["id"], e) for e in data.events)
