"""Deterministic seed of the "Hedgebox" demo organisation: users, projects, event definitions,
schema property groups and event schemas. Dashboards, actions and events live beside it."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import seed_staging
from .clock import iso_z
from .data import ProjectData, Record, random_uuid
from .options import DEMO_PROJECT_ID, SECOND_PROJECT_ID, DemoOptions
from .seed_activity import ActionSpec, hedgebox_actions, seed_actions
from .seed_dashboards import DASHBOARDS, DashboardSpec, seed_dashboards, seed_saved_insights
from .seed_events import EVENT_WEIGHTS, seed_events
from .shapes import prop
from .users import ORGANIZATION_ID, USERS, user_basic

CORE_EVENTS = (
    "$pageview", "$pageleave", "$autocapture", "$identify", "$set", "$groupidentify", "$screen",
    "$rageclick", "$dead_click", "$exception", "$web_vitals", "$feature_flag_called", "$create_alias",
    "$opt_in", "$survey_shown", "$survey_sent", "$survey_dismissed", "$ai_generation",
)
CUSTOM_EVENTS = (
    "signed_up", "logged_in", "logged_out", "file_uploaded", "file_downloaded", "file_deleted",
    "file_shared", "file_previewed", "folder_created", "upgrade_started", "plan_upgraded",
    "plan_downgraded", "invite_sent", "invite_accepted", "payment_failed", "trial_started",
    "trial_ended", "search_performed", "onboarding_completed", "password_reset",
)
ODD_EVENTS = (
    "[beta] checkout", "[/]", "[bold red]alert[/]", "<script>alert('hog')</script>",
    "ファイルをアップロード", "Ünïcödé événement 🦔", "name with  two  spaces", "emoji 📦 upload ✅",
    "quarterly_business_review_export_generated_for_enterprise_workspace_administrators_" * 3 + "done",
)
# Names a grown taxonomy collects: near-duplicates of `signed_up`, `folder_created` and `invite_sent`.
MESSY_EVENTS = ("Signed Up", "user_signed_up", "FolderCreated", "invites_sent")
# Hidden, though its events still arrive.
HIDDEN_ARRIVING = ("payment_failed",)
_AREAS = ("billing", "files", "sharing", "team", "onboarding", "search", "settings", "mobile", "desktop",
          "api", "admin", "notifications", "integrations", "security", "storage", "sync", "preview",
          "comments", "versions", "trash", "export", "import", "workspace", "profile", "support")
_OBJECTS = ("file", "folder", "link", "invite", "plan", "seat", "card", "invoice", "device", "session",
            "token", "webhook", "comment", "version", "tag", "filter", "report", "banner", "modal", "tour")
_VERBS = ("viewed", "clicked", "created", "updated", "deleted", "opened", "closed", "failed", "retried",
          "completed", "started", "dismissed", "copied", "renamed", "moved", "restored")
TAGS = ("core", "growth", "billing", "activation", "retention", "mobile", "experimental", "deprecated")
DESCRIPTIONS = (
    "Fired when the action completes successfully.",
    "Sent from the web app; mobile sends its own variant.",
    "Used by the activation funnel. Do not rename.",
    "Server-side event, emitted by the API worker.",
    "Legacy event kept for old dashboards.",
    "Owned by the growth team. Contains `plan` and `seats`.",
)


def project_record(project_id: int, name: str, rng: random.Random) -> Record:
    return {
        "id": project_id, "uuid": random_uuid(rng), "organization": ORGANIZATION_ID,
        "project_id": project_id, "api_token": f"phc_{rng.getrandbits(160):040x}", "name": name,
        "completed_snippet_onboarding": True, "has_completed_onboarding_for": {"product_analytics": True},
        "ingested_event": True, "is_demo": project_id == DEMO_PROJECT_ID, "timezone": "UTC",
        "access_control": False,
    }


def hedgebox_names(count: int) -> list[str]:
    names = [*CORE_EVENTS, *CUSTOM_EVENTS, *ODD_EVENTS]
    combos = [f"{area}_{obj}_{verb}" for verb in _VERBS for obj in _OBJECTS for area in _AREAS]
    written = len(names)
    missing = max(0, count - written)
    for version in range(missing // len(combos) + 1):
        chunk = combos[: missing - version * len(combos)]
        names.extend(chunk if version == 0 else [f"{name}_v{version + 1}" for name in chunk])
    # In place of the last generated names: the count holds, and every other definition draws the same
    # seeded values as before they existed.
    messy = min(len(MESSY_EVENTS), len(names) - written)
    if messy:
        names[-messy:] = MESSY_EVENTS[:messy]
    return names


def seed_definitions(data: ProjectData, names: list[str], now: datetime, rng: random.Random) -> None:
    # A pool of formatted timestamps keeps 100k definitions cheap to build.
    seen_pool = [iso_z(now - timedelta(seconds=rng.randrange(0, 90 * 86400))) for _ in range(4096)]
    created_pool = [iso_z(now - timedelta(days=90, seconds=rng.randrange(0, 600 * 86400))) for _ in range(1024)]
    owners = [user_basic(i) for i in USERS]
    core = frozenset(CORE_EVENTS)
    random_ = rng.random
    getrandbits = rng.getrandbits
    for name in names:
        roll = random_()
        never_seen = roll < 0.03 and name not in core
        verified = 0.03 <= roll < 0.12
        hidden = 0.12 <= roll < 0.16 and name not in core
        created = None if never_seen else created_pool[getrandbits(10)]
        owner = owners[getrandbits(2)] if random_() < 0.3 else None
        record = {
            "id": random_uuid(rng),
            "name": name,
            "owner": owner,
            "description": DESCRIPTIONS[getrandbits(16) % len(DESCRIPTIONS)] if random_() < 0.4 else None,
            "tags": [TAGS[getrandbits(3)]] if random_() < 0.3 else [],
            "created_at": created,
            "updated_at": created,
            "updated_by": None,
            "last_seen_at": None if never_seen else seen_pool[getrandbits(12)],
            "last_updated_at": created,
            "verified": verified,
            "verified_at": created if verified else None,
            "verified_by": (owner or owners[0]) if verified else None,
            "hidden": hidden,
            "is_action": False,
            "action_id": None,
            "is_calculating": False,
            "last_calculated_at": None,
            "created_by": None,
            "post_to_slack": False,
            "default_columns": [],
            "enforcement_mode": "allow",
            "primary_property": None,
            "media_preview_urls": [],
        }
        data.definitions[record["id"]] = record
        data.definition_names[name] = record["id"]


PROPERTY_GROUPS: tuple[tuple[str, str, tuple[Record, ...], tuple[str, ...]], ...] = (
    ("Page context", "Where in the app the event happened.",
     (prop("url", "String", True, "Full URL"), prop("referrer", "String"), prop("title", "String")),
     ("$pageview", "$pageleave")),
    ("File", "Any event about one stored file.",
     (prop("file_id", "String", True), prop("file_size_bytes", "Numeric", False, "Size on disk", {"minimum": 0}),
      prop("mime_type", "String"), prop("is_shared", "Boolean")),
     ("file_uploaded", "file_downloaded", "file_deleted", "file_shared", "file_previewed")),
    ("Billing plan", "Plan details sent with billing events.",
     (prop("plan", "String", True, "", {"enum": ["free", "standard", "pro", "enterprise"]}),
      prop("seats", "Numeric", False, "", {"minimum": 1}), prop("renews_at", "DateTime")),
     ("upgrade_started", "plan_upgraded", "plan_downgraded", "payment_failed")),
    ("Account", "Set once the account exists.",
     (prop("account_id", "String", True), prop("organization_size", "Numeric"), prop("industry", "String")),
     ("signed_up", "onboarding_completed")),
    ("Search", "Search box usage.",
     (prop("query", "String", True), prop("results_count", "Numeric"), prop("filters", "Object")),
     ("search_performed",)),
    ("Invite", "Who invited whom.",
     (prop("invitee_email", "String", True), prop("role", "String", False, "", {"enum": ["member", "admin"]})),
     ("invite_sent", "invite_accepted", "file_shared")),
    ("Error details", "Attached to failures.",
     (prop("error_code", "String", True), prop("message", "String"), prop("stack", "Object")),
     ("payment_failed", "$exception")),
    ("Experiment", "Feature flag exposure.",
     (prop("flag_key", "String", True), prop("variant", "Any")),
     ("$feature_flag_called",)),
)


GroupSpec = tuple[str, str, tuple[Record, ...], tuple[str, ...]]


def seed_schemas(data: ProjectData, now: datetime, rng: random.Random, groups: tuple[GroupSpec, ...]) -> None:
    for index, (name, description, props, events) in enumerate(groups):
        stamp = iso_z(now - timedelta(days=60 - index * 5))
        group_id = random_uuid(rng)
        data.property_groups[group_id] = {
            "id": group_id, "name": name, "description": description,
            "properties": [{"id": random_uuid(rng), **p, "created_at": stamp, "updated_at": stamp} for p in props],
            "created_at": stamp, "updated_at": stamp, "created_by": user_basic(1 + index % 3),
        }
        for event in events:
            definition_id = data.definition_names.get(event)
            if definition_id:
                schema_id = random_uuid(rng)
                data.event_schemas[schema_id] = {"id": schema_id, "event_definition": definition_id,
                                                 "property_group_id": group_id, "created_at": stamp,
                                                 "updated_at": stamp}


@dataclass(frozen=True)
class ProjectSpec:
    """What one seeded project holds; every list is seeded in order from the project's own generator."""

    project_id: int
    name: str
    definitions: list[str]
    groups: tuple[GroupSpec, ...]
    actions: list[ActionSpec]
    events: int
    event_weights: tuple[tuple[str, int], ...]
    dashboards: list[DashboardSpec]


def seed_project(spec: ProjectSpec, options: DemoOptions, now: datetime) -> ProjectData:
    rng = random.Random(f"{options.seed}:{spec.project_id}")
    data = ProjectData(project=project_record(spec.project_id, spec.name, rng))
    seed_definitions(data, spec.definitions, now, rng)
    seed_schemas(data, now, rng, spec.groups)
    seed_actions(data, now, rng, spec.actions)
    seed_events(data, now, rng, spec.events, spec.event_weights)
    seed_dashboards(data, now, rng, spec.dashboards)
    data.rng = random.Random(f"{options.seed}:{spec.project_id}:live")
    return data


def seed_all(options: DemoOptions, now: datetime) -> dict[int, ProjectData]:
    hedgebox = seed_project(ProjectSpec(DEMO_PROJECT_ID, "Hedgebox", hedgebox_names(options.event_definitions),
                                        PROPERTY_GROUPS, hedgebox_actions(), options.events, EVENT_WEIGHTS,
                                        list(DASHBOARDS)), options, now)
    seed_saved_insights(hedgebox, now, random.Random(f"{options.seed}:{DEMO_PROJECT_ID}:insights"))
    for name in HIDDEN_ARRIVING:
        definition = hedgebox.definitions[hedgebox.definition_names[name]]
        definition.update(hidden=True, verified=False, verified_at=None, verified_by=None)
    staging = seed_project(ProjectSpec(SECOND_PROJECT_ID, "Hedgebox Staging", seed_staging.DEFINITIONS,
                                       seed_staging.GROUPS, seed_staging.ACTIONS, 400, seed_staging.EVENT_WEIGHTS,
                                       seed_staging.DASHBOARDS), options, now)
    seed_staging.customise(staging)
    return {DEMO_PROJECT_ID: hedgebox, SECOND_PROJECT_ID: staging}
