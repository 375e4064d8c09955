"""Choosing an owner by name: the organization's people, read once per client and project, in the
people picker; the change it makes is `{"owner": <the person>}` (sent as the user's id)."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from tui.text import one_line

# Per client, per project (a client switches project in place; another organization may own it).
_PEOPLE: WeakKeyDictionary[Any, dict[Any, list[Any]]] = WeakKeyDictionary()


async def organization_people(app: Any) -> list[Any] | str:
    """The people of the open project's organization (users, by name), or the sentence why not."""
    from tui.api.errors import ApiError
    from tui.api.models import NotSupported

    client = await app.client()
    if client is None:
        return "not connected."
    known = _PEOPLE.setdefault(client, {})
    if client.project_id not in known:
        try:
            answer = await client.project_members()
        except ApiError as error:
            return f"could not read the organization's members: {error}"
        if isinstance(answer, NotSupported):
            return str(answer)
        known[client.project_id] = [m.user for m in answer if m.user is not None and m.user.id is not None]
    return known[client.project_id]


async def pick_person(app: Any, title: str, current: int | None) -> Any | None:
    """The people picker over the organization's people: `Picked(person or None)`, or None when backed out."""
    from tui.screens.dialogs.people_picker import PeoplePicker

    return await app.push_screen_wait(PeoplePicker(title, lambda: organization_people(app), current=current))


async def owner_change(app: Any, obj: Any, scope: str | None) -> dict[str, Any] | None:
    """The `owner` change picked for the definition `obj`, or None: refused (read-only, a missing
    scope), backed out, nobody to pick, or the owner it already has."""
    from tui.forms.diff import user_label

    problem = app.guard.refusal(scope)
    if problem is not None:
        app.notify(problem, severity="warning")
        return None
    current = obj.owner_id
    picked = await pick_person(app, f"Owner of “{one_line(obj.name)}”", current)
    if picked is None:
        return None
    person = picked.person
    if (person.id if person is not None else None) == current:
        who = user_label(person.model_dump()) if person is not None else "no owner"
        app.notify(f"“{one_line(obj.name)}” has that owner already ({who}).", timeout=3)
        return None
    # The person as the server reads it: the PATCH sends its id, the undo preview shows the name.
    return {"owner": person.model_dump(exclude_none=True) if person is not None else None}
