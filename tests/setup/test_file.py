"""The setup file: deterministic, keyed by names, only writable fields, a schema editors can use, and
errors that name their line."""

from __future__ import annotations

import re

import jsonschema
import pytest
import yaml

from tui.cli.setup_file import header
from tui.setup.document import SetupFileError, build, dump, dump_split, load_path, load_text
from tui.setup.pull import pull
from tui.setup.schema import json_schema

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _body(text: str) -> str:
    """The document without its comment header."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


async def test_two_pulls_of_the_demo_are_identical_but_for_the_header(demo, connect):
    first = await pull(connect(demo))
    demo.reset()
    second = await pull(connect(demo))
    one, two = dump(first.setup, header(first)), dump(second.setup, header(second))
    assert one.splitlines()[0].startswith("# PostHog project setup: Hedgebox (project 1) on http://127.0.0.1:")
    assert _body(one) == _body(two)
    assert one.count("\n- name: ") > 2000  # every definition, not only tagged ones


async def test_a_pulled_file_reads_back_to_the_same_setup(demo, connect):
    project = await pull(connect(demo))
    text = dump(project.setup, header(project))
    again = load_text(text, "setup.yaml")
    assert again.entries == project.setup.entries
    assert again.digest() == project.setup.digest()


async def test_a_pulled_file_holds_names_not_ids_and_no_read_only_fields(demo, connect):
    text = dump((await pull(connect(demo))).setup)
    assert not UUID.search(text)
    for read_only in ("created_at", "last_seen_at", "verified_at", "updated_by", "short_id", "access_token",
                      "is_shared", "last_refresh", "team_id", "selector_regex"):
        assert f"{read_only}:" not in text
    doc = yaml.safe_load(text)
    signed_up = next(d for d in doc["event_definitions"] if d["name"] == "signed_up")
    assert set(signed_up) == {"name", "description", "tags", "verified", "hidden", "owner", "enforcement_mode",
                              "default_columns"}
    assert doc["event_schemas"][0] == {"event": "$exception", "property_groups": ["Error details"]}
    # An insight over actions names them, so the file applies where the ids differ.
    kpis = next(d for d in doc["dashboards"] if d["name"] == "Hedgebox KPIs")
    series = [t["insight"]["query"]["source"]["series"][0] for t in kpis["tiles"] if "insight" in t]
    assert {"action": "Signed up"} in [s.get("id") for s in series]
    # Text tiles read as markdown blocks, grid boxes on one line each.
    assert "- text: |-\n      ## How to read this\n" in text
    assert re.search(r"sm: \{x: \d+, y: \d+, w: \d+, h: \d+", text)


async def test_a_pulled_file_passes_its_json_schema_and_a_wrong_one_does_not(demo, connect):
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = yaml.safe_load(dump((await pull(connect(demo))).setup))
    jsonschema.validate(doc, schema)
    doc["dashbords"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


async def test_unknown_writable_fields_from_a_newer_server_are_kept_and_stamps_are_not(small_demo, connect):
    action = small_demo.state.projects[1].actions[1]
    action.update(alert_threshold=5, reviewed_at="2026-11-19T00:00:00Z", reviewed_by={"id": 1, "email": "x@y"})
    entry = (await pull(connect(small_demo))).setup.of("actions")[action["name"]]
    assert entry["alert_threshold"] == 5
    assert "reviewed_at" not in entry and "reviewed_by" not in entry
    assert "user_access_level" not in entry and "creation_context" not in entry


def test_dashboards_sharing_a_name_are_keyed_by_their_order():
    setup = build({"dashboards": [{"name": "Sales", "pinned": True}, {"name": "Sales"}]})
    assert list(setup.of("dashboards")) == ["Sales", "Sales #2"]
    again = load_text(dump(setup))
    assert list(again.of("dashboards")) == ["Sales", "Sales #2"]
    assert again.of("dashboards")["Sales #2"]["name"] == "Sales"


async def test_a_split_pull_reads_back_as_one_setup(small_demo, connect, tmp_path):
    project = await pull(connect(small_demo))
    for name, content in dump_split(project.setup, ["split"]).items():
        (tmp_path / name).write_text(content)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "actions.yaml", "dashboards.yaml", "event_definitions.yaml", "event_schemas.yaml", "property_groups.yaml"]
    assert load_path(tmp_path).entries == project.setup.entries


def test_values_are_read_the_way_posthog_stores_them():
    setup = load_text("event_definitions:\n- name: signed_up\n  description: '  Trimmed  '\n"
                      "  tags: [Growth, ' core', growth]\n")
    assert setup.of("event_definitions")["signed_up"] == {"name": "signed_up", "description": "Trimmed",
                                                          "tags": ["core", "growth"]}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("version: 1\nevent_definitions: []\ncohorts:\n- name: x\n", 3, "unknown kind 'cohorts'"),
    ("actions:\n- name: ok\n  steps: []\n- description: no name\n", 4, "required field 'name'"),
    ("event_definitions:\n- name: a\n  verified: 'yes'\n", 3, "'verified' must be true or false"),
    ("dashboards:\n- name: d\n  tiles:\n  - layouts: {}\n", 4, "either an insight or a text"),
    ("property_groups:\n- name: g\n  properties:\n  - name: p\n    property_type: Text\n", 5, "must be one of"),
    ("actions:\n- name: twice\n- name: twice\n", 3, "listed twice"),
    ("event_definitions:\n- name: a\n  hidden: true\n  verified: true\n", 2, "both hidden and verified"),
    ("event_definitions:\n- name: a\n  tags: [x\n", 4, "YAML cannot be read"),
    ("version: 2\n", 1, "version 2"),
])
def test_a_file_with_errors_names_the_line(text, line, words):
    with pytest.raises(SetupFileError) as caught:
        load_text(text, "setup.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.origin) == (line, "setup.yaml") and words in problem.message
    assert str(problem).startswith(f"setup.yaml:{line}: ")
