"""`posthog-tui pull` and `posthog-tui schema`, run as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from tui.setup.document import load_path

TIMEOUT = 60


def cli(*args: str, key: str | None = None, env: dict[str, str] | None = None, stdin: str = ""):
    extra = {"POSTHOG_PERSONAL_API_KEY": key} if key else {}
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, input=stdin,
                          timeout=TIMEOUT, env={**os.environ, **extra, **(env or {})})


def test_pull_by_host_and_project_writes_the_file(small_demo, tmp_path):
    out = tmp_path / "setup.yaml"
    done = cli("pull", "--host", small_demo.url, "--project", "2", "-o", str(out), key=small_demo.api_key)
    assert done.returncode == 0, done.stderr
    assert "Wrote 42 entries" in done.stderr
    text = out.read_text()
    assert text.startswith("# PostHog project setup: Hedgebox Staging (project 2) on http://127.0.0.1:")
    assert yaml.safe_load(text)["dashboards"][0]["name"] == "Product analytics"
    assert small_demo.api_key not in text + done.stdout + done.stderr
    assert all(r.method == "GET" for r in small_demo.requests)


def test_pull_by_profile_splits_into_one_file_per_kind(small_demo, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[profiles.staging]\nhost = "{small_demo.url}"\nproject = 2\n')
    folder = tmp_path / "staging"
    done = cli("pull", "--profile", "staging", "--split", str(folder), key=small_demo.api_key,
               env={"POSTHOG_TUI_CONFIG": str(config)})
    assert done.returncode == 0, done.stderr
    assert (folder / "actions.yaml").read_text().count("\n- name: ") == 5
    assert load_path(folder).count() == 42


def test_pull_without_a_key_or_a_known_profile_says_so(small_demo, tmp_path):
    done = cli("pull", "--host", small_demo.url, "--project", "2", env={"POSTHOG_PERSONAL_API_KEY": ""})
    assert done.returncode == 1 and "set POSTHOG_PERSONAL_API_KEY" in done.stderr
    done = cli("pull", "--profile", "nope", env={"POSTHOG_TUI_CONFIG": str(tmp_path / "none.toml")})
    assert done.returncode == 1 and "No profile named 'nope'" in done.stderr and "Traceback" not in done.stderr


def test_pull_of_the_embedded_demo_needs_no_account(tmp_path):
    done = cli("pull", "--demo", "--project", "2")
    assert done.returncode == 0, done.stderr
    assert "Hedgebox Staging" in done.stdout.splitlines()[0] and "version: 1" in done.stdout


def test_schema_prints_the_json_schema(tmp_path: Path):
    done = cli("schema")
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["properties"]) == {"version", "event_definitions", "property_groups", "event_schemas",
                                         "actions", "dashboards"}
    out = tmp_path / "setup.schema.json"
    assert cli("schema", "-o", str(out)).returncode == 0 and json.loads(out.read_text()) == schema


def test_each_setup_command_has_help():
    for command in ("pull", "schema", "plan", "apply"):
        done = cli(command, "--help")
        assert done.returncode == 0 and f"posthog-tui {command}" in done.stdout, command
    assert "0 nothing would change, 2 something would, 1 an error" in cli("plan", "--help").stdout
