"""`posthog-tui triage` run as a real process against the demo server: output and exit codes."""

from __future__ import annotations

import json

from tests.cli.test_commands import run
from tui.demo import DEMO_NO_QUERY_KEY


def triage(demo, *args: str, key: str | None = None):
    env = {"POSTHOG_PERSONAL_API_KEY": key or demo.api_key}
    return run("triage", "--host", demo.url, "--project", str(demo.project_id), *args, env=env)


def seeded(demo) -> list[dict]:
    return list(demo.state.projects[demo.project_id].definitions.values())


def test_json_lists_every_queue_with_counts_and_members(demo):
    done = triage(demo, "--format", "json")
    assert done.returncode == 0, done.stderr
    queues = {q["id"]: q for q in json.loads(done.stdout)["queues"]}
    never = {r["name"] for r in seeded(demo) if r["last_seen_at"] is None}
    assert queues["never_seen"]["count"] == len(never) == len(queues["never_seen"]["members"])
    assert {m["name"] for m in queues["never_seen"]["members"]} == never
    assert queues["hidden_arriving"]["members"][0]["name"] == "payment_failed"
    assert queues["hidden_arriving"]["members"][0]["volume_30d"] > 0
    assert all(q["available"] for q in queues.values())


def test_fail_on_exits_2_when_a_named_queue_is_not_empty_and_0_otherwise(demo):
    days = "400"  # seeded definitions were last seen within 90 days of the demo's clock
    dirty = triage(demo, "--fail-on", "naming,hidden_arriving", "--stale-days", days)
    assert dirty.returncode == 2, dirty.stderr
    assert "queues not empty: naming 10, hidden_arriving 1." in dirty.stderr
    assert "Naming breaks" in dirty.stdout and "Signed Up" in dirty.stdout
    clean = triage(demo, "--fail-on", "stale", "--stale-days", days)
    assert clean.returncode == 0, clean.stderr
    loose = triage(demo, "--fail-on", "naming", "--naming", ".+")
    assert loose.returncode == 0, loose.stderr


def test_errors_exit_1_with_a_sentence_not_a_traceback(demo):
    for args, message in ((("--fail-on", "bogus"), "no queue named bogus"),
                          (("--naming", "("), "--naming is not a regular expression"),
                          (("--stale-days", "x"), "invalid int value")):
        done = triage(demo, *args)
        assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr
    wrong = triage(demo, key="phx_not_a_demo_key_0000000000000000000000")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr and wrong.stderr.startswith("posthog-tui: ")


def test_without_the_query_api_the_volume_queues_say_why_and_cannot_be_failed_on(demo):
    done = triage(demo, "--fail-on", "undescribed", key=DEMO_NO_QUERY_KEY)
    assert done.returncode == 2, done.stderr
    assert "Hidden but arriving" in done.stdout and "needs the 30-day volumes" in done.stdout
    blind = triage(demo, "--fail-on", "busy", key=DEMO_NO_QUERY_KEY)
    assert blind.returncode == 1 and "cannot check busy" in blind.stderr


def test_the_embedded_demo(demo):
    done = run("triage", "--demo", "--format", "json")
    assert done.returncode == 0, done.stderr
    clusters = json.loads(done.stdout)["near_duplicate_clusters"]
    assert ["Signed Up", "signed_up", "user_signed_up"] in clusters


def test_a_profile_sets_the_stale_period_and_the_naming_rule(demo, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[profiles.p]\nhost = "{demo.url}"\nproject = 1\nstale_days = 400\nnaming = ".+"\n')
    env = {"POSTHOG_TUI_CONFIG": str(config), "POSTHOG_PERSONAL_API_KEY": demo.api_key}
    done = run("triage", "--profile", "p", "--fail-on", "stale,naming", env=env)
    assert done.returncode == 0, done.stderr
    given = run("triage", "--profile", "p", "--fail-on", "stale", "--stale-days", "30", env=env)
    assert given.returncode == 2 and "queues not empty: stale" in given.stderr
