"""`posthog-tui plan` and `posthog-tui apply`, run as real processes against demo servers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import writes
from .test_cli_pull import cli


def url(server, project: int) -> str:
    return f"{server.url}/project/{project}"


@pytest.fixture
def staging_file(small_demo, tmp_path) -> Path:
    out = tmp_path / "staging.yaml"
    done = cli("pull", "--host", small_demo.url, "--project", "2", "-o", str(out), key=small_demo.api_key)
    assert done.returncode == 0, done.stderr
    small_demo.requests.clear()
    return out


def profiles(tmp_path: Path, server, **flags: bool) -> dict[str, str]:
    """A config file with profile `p` on `server`'s project 1 (with `flags`), as the environment to run with."""
    config = tmp_path / "config.toml"
    lines = [f'[profiles.p]\nhost = "{server.url}"\nproject = 1\n'] + [f"{k} = true\n" for k, on in flags.items() if on]
    config.write_text("".join(lines))
    return {"POSTHOG_TUI_CONFIG": str(config), "POSTHOG_PERSONAL_API_KEY": server.api_key}


def test_plan_exits_0_when_nothing_would_change_and_2_when_something_would(small_demo, staging_file):
    same = cli("plan", str(staging_file), "--to", url(small_demo, 2), key=small_demo.api_key)
    assert same.returncode == 0, same.stderr
    assert "42 unchanged." in same.stdout and "No requests to send." in same.stdout
    other = cli("plan", str(staging_file), "--to", url(small_demo, 1), key=small_demo.api_key)
    assert other.returncode == 2, other.stderr
    assert "+ signup_v2_started" in other.stdout and "~ signed_up" in other.stdout
    assert writes(small_demo) == []


def test_plan_exits_1_on_errors_with_the_lines_named(small_demo, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("event_definitions:\n- description: no name\nfunnels: []\n")
    done = cli("plan", str(broken), "--to", url(small_demo, 2), key=small_demo.api_key)
    assert done.returncode == 1
    assert f"{broken}:2: event_definitions[0]: the required field 'name'" in done.stderr
    assert f"{broken}:3: unknown kind 'funnels'" in done.stderr
    assert cli("plan", "--to", url(small_demo, 2)).returncode == 1  # neither a file nor --from
    assert cli("plan", str(broken)).returncode == 1  # no --to: a usage error is not "changes"


def test_plan_json_is_for_scripts(small_demo):
    done = cli("plan", "--from", url(small_demo, 2), "--to", url(small_demo, 1), "--format", "json",
               key=small_demo.api_key)
    assert done.returncode == 2, done.stderr
    doc = json.loads(done.stdout)
    assert doc["target"]["project"] == 1 and doc["summary"]["create"] > 0 and doc["requests"] > 0
    change = next(c for c in doc["changes"] if c["key"] == "signed_up" and c["kind"] == "event_definitions")
    assert change["op"] == "update" and {"field", "old", "new"} <= set(change["fields"][0])


def test_apply_between_two_instances_asks_reports_each_item_and_leaves_nothing_to_plan(small_demo, other_demo,
                                                                                      staging_file):
    target = url(other_demo, 1)
    refused = cli("apply", str(staging_file), "--to", target, key=other_demo.api_key, stdin="n\n")
    assert refused.returncode == 1 and "Not applied." in refused.stderr and writes(other_demo) == []
    done = cli("apply", str(staging_file), "--to", target, key=other_demo.api_key, stdin="y\n")
    assert done.returncode == 0, done.stderr
    assert "created event definition signup_v2_started" in done.stdout
    assert "updated action Signed up" in done.stdout and "requests in" in done.stdout
    assert "[" in done.stderr and "requests" in done.stderr  # the progress line
    again = cli("plan", str(staging_file), "--to", target, key=other_demo.api_key)
    assert again.returncode == 0, again.stdout


def test_apply_from_one_project_to_another_with_yes(small_demo):
    done = cli("apply", "--from", url(small_demo, 2), "--to", url(small_demo, 1), "--yes", key=small_demo.api_key)
    assert done.returncode == 0, done.stderr[-2000:]
    assert cli("plan", "--from", url(small_demo, 2), "--to", url(small_demo, 1),
               key=small_demo.api_key).returncode == 0


def test_yes_is_refused_for_a_protected_profile_and_nothing_is_sent(small_demo, staging_file, tmp_path):
    env = profiles(tmp_path, small_demo, protected=True)
    done = cli("apply", str(staging_file), "--to", "p", "--yes", env=env)
    assert done.returncode == 1 and "--yes is refused for the protected profile 'p'" in done.stderr
    wrong = cli("apply", str(staging_file), "--to", "p", env=env, stdin="hedgebox\n")
    assert wrong.returncode == 1 and "Not applied" in wrong.stderr
    assert writes(small_demo) == []


def test_a_protected_profile_applies_once_its_project_name_is_typed(small_demo, staging_file, tmp_path):
    env = profiles(tmp_path, small_demo, protected=True)
    done = cli("apply", str(staging_file), "--to", "p", env=env, stdin="Hedgebox\n")
    assert done.returncode == 0, done.stderr
    assert "PROTECTED PROJECT Hedgebox: type its name" in done.stderr and writes(small_demo)


def test_a_read_only_profile_is_refused_before_anything_is_sent(small_demo, staging_file, tmp_path):
    env = profiles(tmp_path, small_demo, read_only=True)
    done = cli("apply", str(staging_file), "--to", "p", "--yes", env=env)
    assert done.returncode == 1 and "read-only" in done.stderr
    assert writes(small_demo) == []
    assert cli("plan", str(staging_file), "--to", "p", env=env).returncode == 2  # reading is fine


def test_an_interrupted_apply_says_how_to_resume_and_the_next_run_resumes(small_demo, other_demo, staging_file):
    target = url(other_demo, 1)
    other_demo.set_options(truncate_every_n=61)
    first = cli("apply", str(staging_file), "--to", target, "--yes", key=other_demo.api_key)
    assert first.returncode == 1 and "Run the same apply again to resume" in first.stderr
    other_demo.set_options(truncate_every_n=None)
    second = cli("apply", str(staging_file), "--to", target, "--yes", key=other_demo.api_key)
    assert second.returncode == 0, second.stderr
    assert "Resuming the apply started" in second.stderr
    assert cli("plan", str(staging_file), "--to", target, key=other_demo.api_key).returncode == 0
