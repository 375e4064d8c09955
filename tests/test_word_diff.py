"""The change preview shows the change itself, however long the value: words, lines, rows."""

from __future__ import annotations

from tui.forms.word_diff import diff_lines
from tui.screens.dialogs.change_preview import change_text


def _plain(old: str, new: str) -> list[str]:
    return change_text(old, new).plain.splitlines()


def test_a_changed_word_at_the_end_of_a_long_text_is_shown():
    words = " ".join(f"word{i}" for i in range(600))  # ~5,000 characters: far past one screen
    old, new = words + " final", words + " changed"
    lines = diff_lines(old, new)
    removed = [p.text for line in lines for p in line.pieces if p.kind == "removed"]
    added = [p.text for line in lines for p in line.pieces if p.kind == "added"]
    assert removed == ["final"] and added == ["changed"]
    shown = "\n".join(_plain(old, new))
    assert "final" in shown and "changed" in shown and len(shown) < 800  # context, not the whole text
    assert "word599" in shown and "word0 " not in shown


def test_only_the_changed_rows_of_a_list_are_marked():
    old = "\n".join(f"{i}. event e{i}" for i in range(1, 11))
    new = old.replace("5. event e5", "5. event e5, url /checkout") + "\n11. event added"
    assert _plain(old, new) == [
        "  …", "  4. event e4", "- 5. event e5", "+ 5. event e5, url /checkout", "  6. event e6", "  …",
        "  10. event e10", "+ 11. event added",
    ]


def test_the_marks_read_without_colour():
    text = change_text("The quick brown fox", "The quick red fox")
    styles = {text.plain[span.start:span.end]: str(span.style) for span in text.spans}
    assert "strike" in styles["brown"] and "underline" in styles["red"]
