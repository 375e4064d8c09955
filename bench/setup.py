"""A project's setup pulled and applied at 50 ms latency: how long, how close to the rate limit, how many requests.

    .venv/bin/python bench/setup.py [--definitions 2000] [--latency-ms 50] [--runs 3] [--skip-apply]

Two demo servers, each in its own process, 50 ms added to every answer:
- pull: the 2,000-definition project (definitions, groups, schemas, actions, dashboards with their
  tiles) read into a setup, as `posthog-tui pull` does, through the pace the CLI uses;
- apply: that setup applied to the other server's smaller project (about 2,100 requests: every
  definition is a create, there is no bulk create), with the CLI's pace and the server throttling
  at PostHog's 480 requests a minute, so a request sent too early comes back 429. Measured: the
  time against the fewest minutes the requests need at 480 a minute, the 429s, the ETA the
  progress showed at 10 % against the time the rest really took, and a second plan (nothing left);
- retag: tags and verification changed on every definition, which the bulk endpoints take 500 at
  a time, against the one PATCH per definition it would be without them.
Goals: pull ≤ 5 s; apply within 10 % of the fewest minutes, with no 429.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from datetime import UTC, datetime

import httpx
from common import DEMO_KEY, demo_process, machine, median, print_table, spread

from tui.api.client import PostHogClient
from tui.setup.apply import Job, Status
from tui.setup.document import load_text
from tui.setup.ops import build_ops
from tui.setup.pace import SteadyPace, minutes_needed
from tui.setup.plan import make_plan
from tui.setup.pull import pull

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PER_MINUTE = 480


class Counting(httpx.AsyncBaseTransport):
    """Counts answers by status, so a 429 the client waited out still shows."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.statuses: Counter[int] = Counter()
        self.started = time.perf_counter()
        # Seconds since the first request at which a 429 came back.
        self.throttled_at: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.statuses[response.status_code] += 1
        if response.status_code == 429:
            self.throttled_at.append(time.perf_counter() - self.started)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def client(url: str, project: int, transport: Counting | None = None) -> PostHogClient:
    return PostHogClient(url, DEMO_KEY, project, limiter=SteadyPace(), transport=transport)


async def timed_pull(url: str) -> tuple[float, int, int]:
    async with client(url, 1) as api:
        started = time.perf_counter()
        project = await pull(api)
        return time.perf_counter() - started, project.setup.count(), len(project.setup.of("event_definitions"))


async def apply_run(source_url: str, target_url: str) -> dict[str, object]:
    counting = Counting()
    async with client(source_url, 1) as source, client(target_url, 2, counting) as target:
        desired = (await pull(source)).setup
        plan = make_plan(desired, await pull(target))
        reads = sum(counting.statuses.values())
        seen: list[tuple[float, Status]] = []
        job = Job(plan, target, progress=lambda status: seen.append((time.perf_counter(), status)))
        started = time.perf_counter()
        report = await job()
        elapsed = time.perf_counter() - started
        at_tenth = next((t, s) for t, s in seen if s.done >= job.total // 10)
        again = make_plan(desired, await pull(target))
        return {
            "requests": job.total, "elapsed": elapsed, "ok": report.ok, "reads before": reads,
            "429": counting.statuses.get(429, 0), "429 at": counting.throttled_at, "eta at 10 %": at_tenth[1].eta,
            "rest took": started + elapsed - at_tenth[0], "left after": len(again.pending),
            "left requests": len(build_ops(again)),
        }


async def retag_run(url: str) -> dict[str, object]:
    async with client(url, 1) as api:
        project = await pull(api)
        names = list(project.setup.of("event_definitions"))
        text = "event_definitions:\n" + "".join(
            f"- name: {_quoted(name)}\n  tags: [{'reviewed' if i % 2 else 'audited'}]\n  verified: {i % 3 == 0}\n"
            for i, name in enumerate(names))
        plan = make_plan(load_text(text), project)
        job = Job(plan, api)
        started = time.perf_counter()
        report = await job()
        return {"definitions": len(plan.pending), "requests": job.total, "elapsed": time.perf_counter() - started,
                "ok": report.ok, "calls": Counter(op.id.split(":")[1].split("=")[0] for op in job.ops)}


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--definitions", type=int, default=2000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--runs", type=int, default=3, help="pull runs")
    parser.add_argument("--skip-apply", action="store_true", help="only pull and retag (the apply takes minutes)")
    args = parser.parse_args()
    print(f"{args.definitions:,} event definitions, {args.latency_ms:g} ms latency; {machine()}\n")
    source_options = {"event_definitions": args.definitions, "latency_ms": args.latency_ms, "now": NOW}
    with demo_process(**source_options) as source_url:
        pulls = [asyncio.run(timed_pull(source_url)) for _ in range(args.runs)]
        print_table(["pull", "time, median (min–max)", "entries", "definitions"],
                    [["posthog-tui pull", spread([p[0] for p in pulls], "s", 1.0, 2), f"{pulls[0][1]:,}",
                      f"{pulls[0][2]:,}"]])
        print(f"\npull ≤ 5 s: {'yes' if median([p[0] for p in pulls]) <= 5 else 'NO'}\n")
        if not args.skip_apply:
            with demo_process(latency_ms=args.latency_ms, throttle_per_minute=PER_MINUTE, now=NOW) as target_url:
                result = asyncio.run(apply_run(source_url, target_url))
            requests, elapsed = int(result["requests"]), float(result["elapsed"])  # type: ignore[arg-type]
            fewest = minutes_needed(requests, PER_MINUTE) * 60
            print_table(["apply", "requests", "time", "fewest at 480/min", "ratio", "429s", "ETA at 10 %",
                         "rest took", "left after"],
                        [["to the other server's project 2", f"{requests:,}", f"{elapsed:.0f} s", f"{fewest:.0f} s",
                          f"{elapsed / fewest:.3f}", str(result["429"]), f"{float(result['eta at 10 %']):.0f} s",
                          f"{float(result['rest took']):.0f} s",  # type: ignore[arg-type]
                          f"{result['left after']} changes, {result['left requests']} requests"]])
            within = abs(elapsed / fewest - 1) <= 0.10
            print(f"\napply within 10 % of {fewest / 60:.2f} min, no 429: "
                  f"{'yes' if within and result['429'] == 0 and result['ok'] else 'NO'}"
                  f" ({result['reads before']} reads before it: the two pulls of the plan)")
            if result["429"]:
                print(f"429s came back at {', '.join(f'{t:.1f}' for t in result['429 at'])} s")  # type: ignore[attr-defined]
            print()
        retag = asyncio.run(retag_run(source_url))
    count = int(retag["definitions"])  # type: ignore[call-overload]
    print_table(["retag", "definitions", "requests", "without bulk endpoints", "time"],
                [["tags and verification on every definition", f"{count:,}", f"{retag['requests']}",
                  f"{count:,}", f"{float(retag['elapsed']):.1f} s"]])  # type: ignore[arg-type]
    calls = retag["calls"]
    print(f"\nbulk calls: {calls['tags']} bulk_update_tags, {calls['verified']} bulk_update_verified"  # type: ignore[index]
          f" (500 ids at most each); ok: {retag['ok']}")


if __name__ == "__main__":
    main()
