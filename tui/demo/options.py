"""Options of the demo backend and the fixed identities it serves."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Literal

DEMO_PROJECT_ID = 1
SECOND_PROJECT_ID = 2
DEMO_API_KEY = "phx_demo_hedgebox_all_scopes_0000000000000000"
DEMO_READ_ONLY_KEY = "phx_demo_hedgebox_read_only_000000000000000"
DEMO_NO_SCOPE_KEY = "phx_demo_hedgebox_no_scopes_000000000000000"
# Every scope, but only for the demo project: routes without a project in the path refuse it.
DEMO_SCOPED_KEY = "phx_demo_hedgebox_project_1_only_0000000000"
# Reads and writes everything but the Query API (`query:read`), as keys made before it often do.
DEMO_NO_QUERY_KEY = "phx_demo_hedgebox_no_query_scope_0000000000"

Flavour = Literal["current", "legacy"]
Edition = Literal["cloud", "foss"]


@dataclass(frozen=True)
class DemoOptions:
    """How the demo backend seeds its data and misbehaves.

    Data:
      seed: makes every generated id, name and timestamp reproducible.
      event_definitions: number of event definitions of the demo project (at least the
        hand-written core ones are always present).
      events: number of events over the week before `now` (demo project).
      now: the clock of the seeded data; None means the wall clock at server start, and then new
        events keep arriving (a few every 10 s) as the clock moves on.
      flavour: "current" mimics the newest server; "legacy" an older one (actions list is
        `{results}` only, actions `count`/`people` and dashboard `snapshot`/`analyze_refresh_result`
        exist, `run_insights` does not, `move_tile` reads `toDashboard`, `events/values` answers a
        bare list).
      query_seconds: how long each Query API query takes on top of its work, as a ClickHouse query
        would (at most 3 run at once per project; the rest wait for a slot).
      query_api: False answers every Query API route with 404 "Endpoint not found.", as a server
        from before the Query API does.
      edition: "cloud" (the enterprise serializers PostHog Cloud runs) or "foss" (a self-hosted
        open-source deployment, whose event definitions refuse `description`, `verified` and
        `hidden` with a 400 "This field is not supported by this deployment.").
      session_endpoints: True lets personal keys call the endpoints that real cloud keeps for
        browser sessions (stream_tiles, snapshot, analyze_refresh_result,
        create_from_template_json, create_unlisted_dashboard, dashboards bulk_update_tags);
        False answers them with 403 like PostHog Cloud does.

    Faults (all applied before routing, counted over recorded requests since the last reset):
      latency_ms: added to every response.
      error_rate: fraction of responses (drawn from a generator seeded with `seed`) replaced by
        a 502 with an HTML body, as a proxy in front of PostHog would send.
      throttle_per_minute: more requests than this within 60 s get 429 `throttled_error` with
        an integer `Retry-After`.
      fail_every_n: every Nth request gets the 502 HTML page (deterministic error_rate).
      stall_every_n / stall_seconds: every Nth request waits `stall_seconds` before answering,
        to trigger client timeouts.
      truncate_every_n: every Nth request gets its JSON body cut in half (still status 200 and
        a consistent Content-Length), i.e. malformed JSON.
    """

    seed: int = 7
    event_definitions: int = 2000
    events: int = 3000
    now: datetime | None = None
    latency_ms: float = 0.0
    error_rate: float = 0.0
    throttle_per_minute: int | None = None
    flavour: Flavour = "current"
    edition: Edition = "cloud"
    session_endpoints: bool = True
    query_seconds: float = 0.0
    query_api: bool = True
    fail_every_n: int | None = None
    stall_every_n: int | None = None
    stall_seconds: float = 30.0
    truncate_every_n: int | None = None

    @classmethod
    def field_names(cls) -> frozenset[str]:
        return frozenset(f.name for f in fields(cls))
