"""EditForm, RowsEditor, TagEditor, ChangePreview and ConfirmScreen driven through the keyboard."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.widgets import Button, Switch, TextArea

from tests.pilot import screen_text
from tui.forms import FORM_SPECS
from tui.forms.diff import preview_rows
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.widgets.form.edit_form import EditForm, RowEditor, RowsEditor
from tui.widgets.form.tags import TagEditor

DEFINITION = {
    "id": "0188a1b2-0000-0000-0000-000000000001", "name": "$pageview [b]x[/]",
    "description": "Page [red]views[/]", "tags": ["web", "[core]"], "verified": False,
    "hidden": None, "owner": {"id": 3, "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com"},
    "enforcement_mode": "allow", "primary_property": None, "default_columns": ["$current_url"],
}
ACTION = {
    "id": 7, "name": "Signed up", "description": "", "tags": [], "post_to_slack": False,
    "slack_message_format": "", "steps": [
        {"event": "$pageview", "url": "/signup", "url_matching": "contains",
         "properties": [{"key": "plan", "value": "pro"}]},
        {"event": "$autocapture", "text": "Sign up", "text_matching": "exact"},
    ],
}
GROUP = {
    "id": "g-1", "name": "Checkout", "description": "",
    "properties": [
        {"id": "p-1", "name": "amount", "property_type": "Numeric", "is_required": True, "description": ""},
        {"id": "p-2", "name": "currency", "property_type": "String", "is_required": False, "description": ""},
    ],
}


class FormApp(App):
    def __init__(self, resource: str, obj: dict[str, Any]) -> None:
        super().__init__()
        self.resource, self.obj = resource, obj
        self.submitted: list[EditForm] = []

    def on_edit_form_submitted(self, event: EditForm.Submitted) -> None:
        self.submitted.append(event.form)

    def compose(self) -> ComposeResult:
        yield EditForm(FORM_SPECS[self.resource], self.obj)

    def on_mount(self) -> None:
        self.query_one(EditForm).focus_first()

    @property
    def form(self) -> EditForm:
        return self.query_one(EditForm)


class ModalApp(App):
    """Pushes one modal on mount and records how it was dismissed."""

    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[bool] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.results.append)


def preview_screen() -> ChangePreview:
    specs = FORM_SPECS["event_definition"]
    changed = {"description": "New [b]text[/b]", "tags": ["web", "[beta]"], "owner": 4, "verified": True}
    return ChangePreview(
        preview_rows(DEFINITION, changed, specs),
        conflict_rows=preview_rows(DEFINITION, {"description": "Edited elsewhere"}, specs),
    )


# ---- EditForm -------------------------------------------------------------------------------

async def test_editing_each_kind_with_the_keyboard_reaches_changes():
    app = FormApp("event_definition", DEFINITION)
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.form
        assert form.changes() == {} and not form.has_changes
        await pilot.press("end", *"!", "tab")                 # description (TextArea)
        await pilot.press(*"new", "enter", "tab")               # tags (TagEditor)
        await pilot.press("space", "tab", "tab")                # verified (Switch), skip hidden
        await pilot.press("backspace", "4", "tab")              # owner (user id)
        await pilot.press("enter", "down", "enter", "tab")      # enforcement (Select)
        await pilot.press(*"plan", "tab")                       # primary property (Input)
        await pilot.press(*"$os", "enter")                      # default columns (tags)
        assert form.changes() == {
            "description": "Page [red]views[/]!",
            "tags": ["web", "[core]", "new"],
            "verified": True,
            "owner": 4,
            "enforcement_mode": "reject",
            "primary_property": "plan",
            "default_columns": ["$current_url", "$os"],
        }
        assert form.has_changes
        assert str(form.field("owner").query_one(".user-label").render()) == "user 4"


async def test_shift_tab_walks_back_through_fields():
    app = FormApp("dashboard", {"name": "D", "restriction_level": 21})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab")
        assert isinstance(app.focused, Switch)
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is app.form.field("name").input_widget
        await pilot.press("ctrl+s")
        assert app.submitted == [app.form]


async def test_json_field_validates_while_typing_and_int_field_rejects_words():
    app = FormApp("action", ACTION)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = app.form.field("steps").input_widget
        props = rows.rows[0].field("properties")
        area = props.input_widget
        area.focus()
        await pilot.press("end", *",")
        assert props.has_class("-has-error")
        assert "Invalid JSON" in str(props.query_one(".field-error").render())
        await pilot.press("backspace")
        assert not props.has_class("-has-error")
    app = FormApp("event_definition", DEFINITION)
    async with app.run_test(size=(80, 24)) as pilot:
        owner = app.form.field("owner")
        owner.input_widget.value = "3 4"
        await pilot.pause()
        assert app.form.validate() == {"owner": "Enter a whole number."}
        assert str(owner.query_one(".field-error").render()) == "Enter a whole number."


async def test_show_errors_puts_server_attrs_beside_their_fields():
    app = FormApp("action", ACTION)
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.form
        form.show_errors({
            "name": "This project already has an action with this name, ID 123",
            "steps__1__text_matching": "\"glob\" is not a valid choice.",
            "bytecode": "Compilation failed",
            None: "Something went wrong",
        })
        await pilot.pause()
        assert form.field("name").has_class("-has-error")
        step = form.field("steps").input_widget.rows[1].field("text_matching")
        assert step.has_class("-has-error")
        assert form.field("steps").input_widget.rows[0].field("text_matching").has_class("-has-error") is False
        assert not form.field("description").has_class("-has-error")
        loose = str(form.query_one("#form-error").render())
        assert "bytecode: Compilation failed" in loose and "Something went wrong" in loose
        form.clear_errors()
        assert not form.query(".-has-error") and not form.has_class("-has-error")


async def test_input_survives_errors_and_validation():
    app = FormApp("dashboard", {"name": "Growth", "description": "", "restriction_level": 21})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+a", "ctrl+k", *"   ")
        errors = app.form.validate()
        assert errors == {"name": "This field may not be blank."}
        app.form.show_errors({"name": "A dashboard with this name already exists"})
        await pilot.pause()
        assert app.form.field("name").input_widget.value == "   "
        assert app.focused is app.form.field("name").input_widget
        await pilot.press("x")
        assert app.form.changes() == {"name": "   x"}


async def test_reset_is_the_only_way_back_to_the_original():
    app = FormApp("dashboard", {"name": "Growth", "restriction_level": 21})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("end", *"!!")
        assert app.form.changes() == {"name": "Growth!!"}
        app.form.reset({"name": "Growth!!", "restriction_level": 21})
        await pilot.pause()
        assert app.form.changes() == {}
        assert app.form.field("name").input_widget.value == "Growth!!"


async def test_form_scrolls_to_the_focused_field_at_80x24():
    app = FormApp("action", ACTION)
    async with app.run_test(size=(80, 24)) as pilot:
        scroll = app.form.query_one("#form-scroll")
        assert scroll.max_scroll_y > 0
        last = app.form.field("steps").input_widget.rows[-1].field("properties").input_widget
        last.focus()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert scroll.scroll_y > 0
        assert app.screen.region.contains_region(last.region)


async def test_values_that_look_like_markup_are_shown_literally():
    app = FormApp("event_definition", DEFINITION)
    async with app.run_test(size=(80, 24)) as pilot:
        text = screen_text(app)
        assert "$pageview [b]x[/]" in text
        assert "age [red]views[/]" in text  # the cursor cell splits off the "P"
        assert "[core]" in text
    app = ModalApp(preview_screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "New [b]text[/b]" in text and "[beta]" in text


# ---- TagEditor / RowsEditor -----------------------------------------------------------------

async def test_tag_editor_backspace_on_empty_input_removes_the_last_tag():
    app = FormApp("dashboard", {"name": "D", "tags": ["a", "b"], "restriction_level": 21})
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.form.field("tags").input_widget
        editor.focus()
        await pilot.press("c", "backspace")
        assert editor.tags == ["a", "b"]
        await pilot.press("backspace")
        assert editor.tags == ["a"]
        await pilot.press(*" a ", "enter", *"half typed")
        assert isinstance(editor, TagEditor) and editor.tags == ["a", "half typed"]


async def test_rows_editor_adds_and_removes_property_rows():
    app = FormApp("property_group", GROUP)
    async with app.run_test(size=(80, 24)) as pilot:
        rows_editor = app.form.field("properties").input_widget
        rows_editor.rows[0].field("name").focus_input()
        await pilot.press("ctrl+n")
        assert len(rows_editor.rows) == 3
        assert app.focused is rows_editor.rows[2].field("name").input_widget
        await pilot.press(*"coupon")
        rows_editor.rows[0].field("description").focus_input()
        await pilot.press("ctrl+x")
        sent = app.form.changes()["properties"]
        # No ids go out: the server recreates every property on PATCH.
        assert [(row.get("id"), row["name"]) for row in sent] == [(None, "currency"), (None, "coupon")]
        assert sent[1]["property_type"] == "String"
        await pilot.press("alt+up")  # properties have no order: nothing moves
        assert [row["name"] for row in app.form.changes()["properties"]] == ["currency", "coupon"]


async def test_rows_editor_add_button_and_removing_the_last_row():
    app = FormApp("property_group", dict(GROUP, properties=[]))
    async with app.run_test(size=(80, 24)) as pilot:
        rows_editor = app.form.field("properties").input_widget
        assert rows_editor.query_one(".rows-empty").display
        rows_editor.query_one("#add-row", Button).press()
        await pilot.pause()
        assert len(rows_editor.rows) == 1 and not rows_editor.query_one(".rows-empty").display
        await pilot.press("ctrl+x")
        assert rows_editor.rows == [] and app.focused is rows_editor.query_one("#add-row")
        assert app.form.changes() == {}


async def test_rows_editor_moves_steps_and_errors_follow_the_new_order():
    app = FormApp("action", ACTION)
    async with app.run_test(size=(80, 24)) as pilot:
        rows_editor: RowsEditor = app.form.field("steps").input_widget
        rows_editor.rows[1].field("event").focus_input()
        await pilot.press("alt+up")
        assert [s["event"] for s in app.form.changes()["steps"]] == ["$autocapture", "$pageview"]
        assert [row.border_title for row in rows_editor.rows] == ["1", "2"]
        await pilot.press("alt+down")
        assert app.form.changes() == {}
        await pilot.press("alt+down")  # already last: stays put
        assert app.form.changes() == {}
        app.form.show_errors({"steps__1__url": "bad"})
        assert rows_editor.rows[1].field("url").has_class("-has-error")
        assert isinstance(rows_editor.rows[1], RowEditor)


# ---- ChangePreview / ConfirmScreen ----------------------------------------------------------

@pytest.mark.parametrize("key,expected", [("y", True), ("enter", True), ("n", False), ("escape", False)])
async def test_change_preview_keys(key, expected):
    app = ModalApp(preview_screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        assert app.results == [expected]


async def test_confirm_defaults_to_no():
    app = ModalApp(lambda: ConfirmScreen("Delete event definitions?", ["$pageview", "signup"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.focused.id == "no"
        assert "(2 items)" in screen_text(app)
        await pilot.press("enter")
        assert app.results == [False]


@pytest.mark.parametrize("key,expected", [("y", True), ("n", False), ("escape", False)])
async def test_confirm_keys(key, expected):
    app = ModalApp(lambda: ConfirmScreen("Archive dashboard 'Growth'?"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        assert app.results == [expected]


async def test_typed_confirmation_blocks_yes_until_the_name_is_typed():
    app = ModalApp(lambda: ConfirmScreen("Delete 3 actions?", typed_confirmation="Production"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        yes = app.screen.query_one("#yes", Button)
        assert yes.disabled
        await pilot.press(*"Producti", "y", "n", "enter")  # letters go to the input, not y/n
        assert app.results == [] and yes.disabled
        await pilot.press("backspace", "backspace", *"on")
        assert not yes.disabled
        await pilot.press("enter")
        assert app.results == [True]


# ---- any typed text: a clear message or a serialisable body ---------------------------------

TYPED = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


async def test_any_typed_text_gives_a_message_or_a_json_body():
    app = FormApp("action", ACTION)
    async with app.run_test(size=(80, 24)):
        form = app.form
        step = form.field("steps").input_widget.rows[0]
        targets = {
            "name": form.field("name").input_widget,
            "slack_message_format": form.field("slack_message_format").input_widget,
            "steps__0__url": step.field("url").input_widget,
            "steps__0__properties": step.field("properties").input_widget,
        }

        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(field=st.sampled_from(sorted(targets)), text=TYPED | st.sampled_from(
            ["[", "{}", "[{\"key\": 1}]", "NaN", "1e999", "\"\\u0000\"", "-", "[/]"]))
        def check(field: str, text: str) -> None:
            widget = targets[field]
            if isinstance(widget, TextArea):
                widget.load_text(text)
            else:
                widget.value = text
            errors = form.validate(show=False)
            if errors:
                assert all(isinstance(m, str) and m.strip() for m in errors.values())
            else:
                json.dumps(form.changes(), allow_nan=False)

        check()

    app = FormApp("event_definition", DEFINITION)
    async with app.run_test(size=(80, 24)):
        owner = app.form.field("owner").input_widget

        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        @given(text=TYPED | st.integers().map(str))
        def check_owner(text: str) -> None:
            owner.value = text
            errors = app.form.validate(show=False)
            if errors:
                assert set(errors) == {"owner"} and errors["owner"] == "Enter a whole number."
            else:
                body = app.form.changes()
                json.dumps(body, allow_nan=False)
                assert body.get("owner", 3) is None or isinstance(body.get("owner", 3), int)

        check_owner()


# ---- snapshots ------------------------------------------------------------------------------

def test_event_definition_form_snapshot_80x24(snap_compare):
    assert snap_compare(FormApp("event_definition", DEFINITION), terminal_size=(80, 24))


def test_event_definition_form_snapshot_120x40(snap_compare):
    assert snap_compare(FormApp("event_definition", DEFINITION), terminal_size=(120, 40))


def test_change_preview_snapshot_80x24(snap_compare):
    assert snap_compare(ModalApp(preview_screen), terminal_size=(80, 24))


def test_change_preview_snapshot_120x40(snap_compare):
    assert snap_compare(ModalApp(preview_screen), terminal_size=(120, 40))



# ---- Focus, switches and the cursor -----------------------------------------------------------

async def test_the_highlighted_label_follows_the_focus():
    app = FormApp("dashboard", {"name": "D", "description": "x", "pinned": False, "tags": [], "restriction_level": 21})
    async with app.run_test(size=(80, 24)) as pilot:
        form = app.form
        await pilot.pause()
        assert form.field("name").has_class("-focused")
        await pilot.press("tab")
        await pilot.pause()
        assert form.field("description").has_class("-focused") and not form.field("name").has_class("-focused")
        await pilot.press("tab")
        await pilot.pause()
        assert [b.spec.name for b in form.query("FieldBox.-focused")] == ["pinned"]


async def test_a_switch_says_on_or_off_in_words():
    app = FormApp("dashboard", {"name": "D", "pinned": False, "tags": [], "restriction_level": 21})
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.form.field("pinned")
        assert "Off" in str(box.query_one(".switch-state").render())
        box.query_one(Switch).focus()
        await pilot.press("space")
        await pilot.pause()
        assert "On" in str(box.query_one(".switch-state").render()) and app.form.changes() == {"pinned": True}


async def test_typing_into_a_field_adds_to_what_is_there():
    app = FormApp("dashboard", {"name": "Sales", "description": "Line one", "tags": [], "restriction_level": 21})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("!")  # the name field has focus; its text is not selected
        await pilot.press("tab", *" and two")  # the description's cursor starts after its text
        assert app.form.changes() == {"name": "Sales!", "description": "Line one and two"}


async def test_an_owner_typed_with_letters_is_refused_not_quietly_changed():
    app = FormApp("event_definition", DEFINITION)
    async with app.run_test(size=(80, 24)) as pilot:
        owner = app.form.field("owner")
        owner.input_widget.value = ""
        owner.input_widget.focus()
        await pilot.press(*"1e3")
        await pilot.pause()
        assert owner.input_widget.value == "1e3"  # kept as typed, not 13
        assert "owner" in app.form.validate()
        assert "whole number" in str(owner.query_one(".field-error").render())
