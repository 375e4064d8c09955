"""The second project, "Hedgebox Staging": smaller, and set up differently from Hedgebox.

It shares some names with Hedgebox (core events, `signed_up`, `file_uploaded`, the "Page context"
and "File" property groups, the "Signed up" action, the "Product analytics" dashboard), often with
different content, and has objects of its own (the signup v2 rollout, QA smoke tests), so copying
and comparing between the two projects has something to show.
"""

from __future__ import annotations

from .data import ProjectData
from .shapes import prop

DEFINITIONS = [
    "$pageview", "$pageleave", "$autocapture", "$identify", "$exception", "$screen", "$feature_flag_called",
    "signed_up", "logged_in", "file_uploaded", "file_downloaded", "file_shared", "search_performed",
    "plan_upgraded", "invite_sent", "onboarding_completed",
    "signup_v2_started", "signup_v2_completed", "qa_smoke_test_passed", "qa_smoke_test_failed",
    "feature_preview_opened", "sync_conflict_resolved", "offline_mode_entered", "deploy_marker",
]
# Same names as in Hedgebox, documented differently here: (description, tags, verified).
DIFFERENCES = {
    "signed_up": ("Fired by both signup flows while v2 rolls out.", ["activation", "staging"], True),
    "file_uploaded": ("Staging build: also fired by the QA upload script.", ["core", "qa"], False),
    "$pageview": (None, ["core"], True),
    "plan_upgraded": ("Test cards only; never real revenue.", ["billing", "test-data"], False),
}
OWN_DESCRIPTIONS = {
    "signup_v2_started": "Signup v2 (behind the signup-v2 flag): first screen shown.",
    "signup_v2_completed": "Signup v2: account created.",
    "qa_smoke_test_passed": "Sent by the nightly smoke tests.",
    "qa_smoke_test_failed": "Sent by the nightly smoke tests; page the on-call when it spikes.",
    "deploy_marker": "One per staging deploy.",
}
GROUPS = (
    ("Page context", "Where in the app the event happened.",
     (prop("url", "String", True, "Full URL"), prop("referrer", "String"), prop("title", "String")),
     ("$pageview", "$pageleave")),
    ("File", "Any event about one stored file (staging adds a checksum).",
     (prop("file_id", "String", True), prop("file_size_bytes", "Numeric", False, "", {"minimum": 0}),
      prop("checksum", "String", True, "sha256 of the content")),
     ("file_uploaded", "file_downloaded", "file_shared")),
    ("QA run", "Context of an automated test run.",
     (prop("run_id", "String", True), prop("suite", "String", False, "", {"enum": ["smoke", "nightly", "manual"]}),
      prop("duration_ms", "Numeric", False, "", {"minimum": 0})),
     ("qa_smoke_test_passed", "qa_smoke_test_failed")),
)
ACTIONS = [
    ("Signed up", [{"event": "signed_up"}, {"event": "signup_v2_completed"}], ["activation"],
     "Either signup flow (v1 or v2)."),
    ("Uploaded a file", [{"event": "file_uploaded"}], ["core"], ""),
    ("Visited pricing", [{"event": "$pageview", "url": "/pricing", "url_matching": "contains"}], ["growth"], ""),
    ("Started signup v2", [{"event": "signup_v2_started"}], ["experimental"], "Rollout funnel, first step."),
    ("Smoke test failed", [{"event": "qa_smoke_test_failed"}], ["qa"], ""),
]
EVENT_WEIGHTS = (("$pageview", 30), ("$autocapture", 12), ("$pageleave", 6), ("logged_in", 5),
                 ("file_uploaded", 5), ("file_downloaded", 3), ("signed_up", 2), ("signup_v2_started", 4),
                 ("signup_v2_completed", 2), ("qa_smoke_test_passed", 6), ("qa_smoke_test_failed", 1),
                 ("$feature_flag_called", 4), ("feature_preview_opened", 2), ("deploy_marker", 1),
                 ("$exception", 2))
DASHBOARDS = [
    ("Product analytics", "Staging copy: the tiles QA watches.", True, ["core"],
     [("number", "signed_up"), ("trend", "$pageview"), ("trend", "file_uploaded"),
      ("text", "Staging numbers include QA traffic.")]),
    ("Release checks", "Is the last deploy healthy?", False, ["qa"],
     [("trend", "qa_smoke_test_passed"), ("number", "qa_smoke_test_failed"), ("trend", "$exception"),
      ("text", "Red here blocks the production deploy.")]),
    ("Signup v2 rollout", "The flag-gated signup flow.", False, ["experimental", "activation"],
     [("funnel", ["signup_v2_started", "signup_v2_completed"]), ("trend", "$feature_flag_called"),
      ("action", 1)]),
]


def customise(data: ProjectData) -> None:
    """Give the shared names their staging descriptions, tags and verification."""
    for name, (description, tags, verified) in DIFFERENCES.items():
        definition = data.definitions[data.definition_names[name]]
        definition.update(description=description, tags=tags, verified=verified, hidden=False)
    for name, description in OWN_DESCRIPTIONS.items():
        data.definitions[data.definition_names[name]]["description"] = description
