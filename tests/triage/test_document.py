"""Many definitions as one YAML document: out, edited, back as changes."""

from __future__ import annotations

import pytest

from tui.api.models import EventDefinition
from tui.triage.document import DocumentError, changes, dump

DEFINITIONS = [EventDefinition(id="1", name="signed_up", description="Old.", tags=["core"]),
               EventDefinition(id="2", name="Ünïcödé événement 🦔", verified=True)]


def test_an_unchanged_document_has_no_changes_and_a_pasted_column_of_tags_reads():
    text = dump(DEFINITIONS)
    assert "name: Ünïcödé événement 🦔" in text and changes(text, DEFINITIONS) == {}
    edited = text.replace("- core", "- core\n  - growth").replace("description: Old.", "description:")
    assert changes(edited, DEFINITIONS) == {"1": {"description": "", "tags": ["core", "growth"]}}
    pasted = text.replace("tags: []", "tags: billing,  mobile ,")
    assert changes(pasted, DEFINITIONS) == {"2": {"tags": ["billing", "mobile"]}}


def test_every_problem_is_named():
    text = dump(DEFINITIONS).replace("name: signed_up", "name: signed_upp").replace(
        "verified: true\n  hidden: false", "verified: true\n  hidden: true\n  owner: x")
    with pytest.raises(DocumentError) as caught:
        changes(text, DEFINITIONS)
    assert str(caught.value).splitlines() == [
        "entry 1: no definition named 'signed_upp' among those opened",
        "Ünïcödé événement 🦔: unknown field owner",
        "Ünïcödé événement 🦔: an event cannot be both hidden and verified"]
    with pytest.raises(DocumentError, match="Not YAML"):
        changes("- name: [", DEFINITIONS)
