"""Many event definitions as one YAML document, for `E` in the triage: out with the fields a
taxonomy clean-up edits, back as the changes per definition. Names identify the entries (they are
not renamed); an entry left out is left alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from tui.api.models import EventDefinition

FIELDS = ("description", "tags", "verified", "hidden")
HEADER = ("# One entry per event definition: edit description, tags, verified, hidden and save.\n"
          "# The name identifies the entry (it is not renamed); an entry taken out is left alone.\n")


class DocumentError(ValueError):
    """What is wrong with the edited document, one problem a line."""


def values(definition: EventDefinition) -> dict[str, Any]:
    return {"description": definition.description or "", "tags": list(definition.tags),
            "verified": bool(definition.verified), "hidden": bool(definition.hidden)}


def dump(definitions: Sequence[EventDefinition]) -> str:
    entries = [{"name": d.name, **values(d)} for d in definitions]
    return HEADER + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)


def changes(text: str, definitions: Sequence[EventDefinition]) -> dict[str, dict[str, Any]]:
    """The changed fields per definition id; DocumentError naming every problem when it does not read."""
    try:
        entries = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DocumentError(f"Not YAML: {exc}") from None
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise DocumentError("The document is a list of entries, each starting with `- name:`.")
    by_name = {d.name: d for d in definitions}
    found: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for index, entry in enumerate(entries, 1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or name not in by_name:
            problems.append(f"entry {index}: no definition named {name!r} among those opened")
            continue
        unknown = sorted(set(entry) - {"name", *FIELDS})
        if unknown:
            problems.append(f"{name}: unknown field {', '.join(map(str, unknown))}")
        edited = {key: entry[key] for key in FIELDS if key in entry}
        if "tags" in edited:
            tags = edited["tags"]
            if isinstance(tags, str):  # a column pasted from a spreadsheet: "a, b"
                tags = [t.strip() for t in tags.split(",") if t.strip()]
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                problems.append(f"{name}: tags is a list of words")
                continue
            edited["tags"] = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
        if "description" in edited:
            edited["description"] = "" if edited["description"] is None else str(edited["description"])
        for flag in ("verified", "hidden"):
            if flag in edited and not isinstance(edited[flag], bool):
                problems.append(f"{name}: {flag} is true or false")
        if edited.get("verified") and edited.get("hidden"):
            problems.append(f"{name}: an event cannot be both hidden and verified")
        definition = by_name[name]
        now = values(definition)
        diff = {key: value for key, value in edited.items() if value != now[key]}
        if diff:
            found[definition.id] = diff
    if problems:
        raise DocumentError("\n".join(problems))
    return found
