"""Seeded actions, and the pages of the Hedgebox app that actions and events refer to."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .clock import iso_z
from .data import ProjectData, Record
from .shapes import action_record
from .users import USERS, user_basic

PAGES = ("/", "/pricing", "/signup", "/login", "/files", "/files/shared", "/settings/billing", "/settings/team",
         "/docs", "/blog", "/checkout", "/invite", "/search", "/trash", "/onboarding", "/account")
# (name, steps, tags, description)
ActionSpec = tuple[str, list[Record], list[str], str]
_HAND_ACTIONS: tuple[ActionSpec, ...] = (
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


def hedgebox_actions() -> list[ActionSpec]:
    specs = list(_HAND_ACTIONS)
    for page in PAGES:
        specs.append((f"Viewed {page}", [{"event": "$pageview", "url": f"https://hedgebox.net{page}",
                                          "url_matching": "exact"}], [], ""))
    specs.extend((f"Clicked {label}", [{"event": "$autocapture", "selector": f"[data-attr='{label}']"}], [], "")
                 for label in ("nav-files", "nav-settings", "nav-help", "share-dialog"))
    return specs


def seed_actions(data: ProjectData, now: datetime, rng: random.Random, specs: list[ActionSpec]) -> None:
    for index, (name, steps, tags, description) in enumerate(specs, start=1):
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
