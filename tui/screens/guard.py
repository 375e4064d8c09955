"""The one gate every write passes: read-only sessions, scopes the key lacks, protected projects.

It sits in two places, so that a new write cannot skip it:
- the API client hands it every request that changes the server (`admit`), whatever screen or
  flow sent it: in a read-only session, or for a scope the key lacks, nothing is sent;
- flows ask it first (`ask`), to explain a refusal before a form opens and, on a protected
  project, to have the project's name typed once for the whole write (a bulk edit of 300 rows
  asks once). A write that reaches `admit` on a protected project without having asked is
  still stopped and asks then.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING

from textual.content import Content

if TYPE_CHECKING:
    from tui.app import PostHogApp
    from tui.resources.base import ResourceSpec

# The write this task was allowed to make (set by `Approval`, read by `admit`).
_APPROVED: ContextVar[str | None] = ContextVar("posthog_tui_approved_write", default=None)


def write_scope(spec: ResourceSpec) -> str | None:
    """The API scope a write to `spec`'s objects needs."""
    return f"{spec.scope_object}:write" if spec.scope_object else None


class Approval:
    """Permission for the writes made inside `with approval:` by this task."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        self._token = _APPROVED.set(self.what)

    def __exit__(self, *exc: object) -> None:
        _APPROVED.reset(self._token)


class WriteGate:
    def __init__(self, app: PostHogApp) -> None:
        self.app = app
        self.missing_scopes: set[str] = set()

    # What the session allows --------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        target = self.app.target
        return bool(target and target.read_only)

    @property
    def protected_name(self) -> str | None:
        """The name a protected project's writes are confirmed with; None when unprotected."""
        target, connection = self.app.target, self.app.connection
        if not (target and target.protected):
            return None
        if connection is None:
            return str(target.project or "")
        return connection.project_name or str(connection.project_id)

    def refusal(self, scope: str | None = None) -> str | None:
        """Why a write needing `scope` cannot start here, or None when it can."""
        if self.read_only:
            return "Read-only session: writes are disabled (started with --read-only or a read-only profile)."
        if scope and scope in self.missing_scopes:
            return f"Unavailable: the API key lacks the '{scope}' scope."
        return None

    def note_missing(self, scope: str) -> None:
        """The server said the key lacks `scope`: writes needing it grey out for the session."""
        if scope not in self.missing_scopes:
            self.missing_scopes.add(scope)
            self.app.refresh_bindings()

    # Asking ---------------------------------------------------------------------------------
    async def ask(self, what: str, scope: str | None = None) -> Approval | None:
        """Permission for the write `what`: None (and the reason on screen) when it may not go."""
        problem = self.refusal(scope)
        if problem is not None:
            self.app.notify(Content(problem), severity="warning")
            return None
        name = self.protected_name
        if name is not None and not await self._typed(name, what):
            return None
        return Approval(what)

    async def confirm(self, question: str, scope: str | None = None, *, items: Sequence[str] = (),
                      yes_label: str = "Yes") -> Approval | None:
        """A yes/no question (No by default) that is also the write's permission: one dialog,
        which on a protected project waits for the project's name to be typed."""
        from tui.screens.dialogs.confirm import ConfirmScreen

        problem = self.refusal(scope)
        if problem is not None:
            self.app.notify(Content(problem), severity="warning")
            return None
        name = self.protected_name
        screen = ConfirmScreen(f"PROTECTED PROJECT · {question}" if name else question, items,
                               typed_confirmation=name, yes_label=yes_label)
        if name:
            screen.add_class("-protected")
        return Approval(question) if await self.app.push_screen_wait(screen) else None

    async def _typed(self, name: str, what: str) -> bool:
        from tui.screens.dialogs.confirm import ConfirmScreen

        screen = ConfirmScreen(f"PROTECTED PROJECT · {what}", typed_confirmation=name, yes_label="Send")
        screen.add_class("-protected")
        return bool(await self.app.push_screen_wait(screen))

    # The client's side ----------------------------------------------------------------------
    async def admit(self, method: str, path: str, scope: str) -> None:
        """Called by the API session before it sends a request that changes the server."""
        from tui.api.errors import WriteRefused

        problem = self.refusal(scope)
        if problem is not None:
            raise WriteRefused(problem, method=method, path=path)
        if self.protected_name is not None and _APPROVED.get() is None:
            approval = await self.ask(f"{method} {path}", scope)
            if approval is None:
                raise WriteRefused("Not sent: the protected project's name was not confirmed.", method=method,
                                   path=path)
