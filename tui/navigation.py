"""Where the app goes when a screen asks (`tui.screens.messages`): screens never import each
other to navigate; the app, one floor above them, routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work

from tui.resources import BY_ID
from tui.screens import messages


class Navigation:
    """Mixed into the app: opens objects, relations and filtered lists."""

    def on_open_object(self, message: messages.OpenObject) -> None:
        from tui.screens.dashboard import DashboardScreen
        from tui.screens.detail import DetailScreen

        message.stop()
        if message.resource == "dashboards":
            self.push_screen(DashboardScreen(message.obj))
        else:
            self.push_screen(DetailScreen(BY_ID[message.resource], message.obj))

    def on_open_related(self, message: messages.OpenRelated) -> None:
        from tui.screens.dialogs.picker import PickerScreen

        message.stop()
        spec, obj = BY_ID[message.resource], message.obj

        def chosen(relation: Any) -> None:
            if relation is not None:
                keep = relation.keep(obj) if relation.keep else None
                self.open_list(relation.resource, params=relation.params(obj), title=relation.title(obj), keep=keep)

        options = [(relation.label, relation) for relation in spec.relations]
        self.push_screen(PickerScreen(f"Related to {spec.label(obj)}", options), chosen)

    def on_open_list(self, message: messages.OpenList) -> None:
        message.stop()
        self.open_list(message.resource, params=message.params, title=message.title, keep=message.keep)

    def on_copy_objects(self, message: messages.CopyObjects) -> None:
        message.stop()
        self.copy_objects(message.resource, message.objects)

    @work(group="copy", exclusive=True, exit_on_error=False)
    async def copy_objects(self, resource: str, objects: list[Any]) -> None:
        from tui.screens.diff import copy_marked

        await copy_marked(self, BY_ID[resource], objects)

    def open_list(self, resource: str, *, params: dict[str, Any] | None = None, title: str | None = None,
                  keep: Callable[[Any], bool] | None = None) -> None:
        from tui.screens.resource import ResourceScreen

        self.push_screen(ResourceScreen(BY_ID[resource], params=params, title=title, keep=keep))

    # Provided by the App this is mixed into.
    push_screen: Callable[..., Any]
