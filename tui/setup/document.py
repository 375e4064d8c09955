"""The setup file: a `Setup` in memory, written as deterministic YAML and read back with line numbers.

A file is one YAML mapping: `version: 1`, then one list per kind (see `kinds`), each entry keyed by
its natural key (a name, or the event name for schemas), so it applies to any project. Entries are
sorted by key and fields come in a fixed order; the only thing that differs between two pulls of
an unchanged project is the comment header saying where and when.

A field left out of an entry is left alone by an apply (a pulled file has every field). Lists the
server replaces whole (a group's properties, an action's steps, a dashboard's tiles) are whole in
the file too. Dashboards are the one kind whose names may repeat: the second "Sales" is keyed
"Sales #2", by the order of their ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tui.setup.kinds import BY_ID, KINDS, TILE, VERSION, Field, Shape, normal_entry

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file, and where: `line` is 1-based, None when the file has no line for it."""

    message: str
    line: int | None = None
    origin: str = ""

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line else self.origin
        return f"{where}: {self.message}" if where else self.message


class SetupFileError(Exception):
    """A file that cannot be used; `problems` name each line. Nothing is sent for such a file."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Setup:
    """Entries by kind, then by natural key, in file order; `lines` maps (kind, key, *field) to a line."""

    entries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    origin: str = ""
    lines: dict[Path_, int] = field(default_factory=dict)
    # Things a pull could not put in the file (a button tile, an action id that names no action).
    warnings: list[str] = field(default_factory=list)

    def of(self, kind: str) -> dict[str, dict[str, Any]]:
        return self.entries.get(kind, {})

    def line(self, kind: str, key: str, *where: Any) -> int | None:
        """The line of an entry (or of one of its fields) in the file it was read from."""
        for depth in range(len(where), -1, -1):
            found = self.lines.get((kind, key, *where[:depth]))
            if found:
                return found
        return None

    def problem(self, message: str, kind: str, key: str, *where: Any) -> Problem:
        return Problem(message, self.line(kind, key, *where), self.origin)

    def digest(self) -> str:
        """What the file says, independent of comments and layout: two equal setups, one digest."""
        text = json.dumps(self.entries, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def count(self) -> int:
        return sum(len(entries) for entries in self.entries.values())


def natural_keys(names: Iterable[str]) -> list[str]:
    """Each name as its key; a name seen before gets its occurrence number ("Sales #2")."""
    seen: dict[str, int] = {}
    keys = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        keys.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return keys


def build(entries: Mapping[str, Iterable[Mapping[str, Any]]], origin: str = "") -> Setup:
    """A `Setup` from raw entries per kind (a pull's), each brought to normal form and sorted by key."""
    setup = Setup(origin=origin)
    for kind in KINDS:
        if kind.id not in entries:
            continue
        rows = [normal_entry(kind.shape, row) for row in entries[kind.id]]
        rows.sort(key=lambda row: str(row[kind.key_field]))
        keys = natural_keys(str(row[kind.key_field]) for row in rows)
        setup.entries[kind.id] = dict(zip(keys, rows))
    return setup


# -- writing ------------------------------------------------------------------------------


class _FlowMap(dict):
    """A mapping written on one line (a tile's grid box)."""


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Multi-line text (a text tile's markdown) reads best as a literal block.
    style = "|" if "\n" in value.strip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    scalars = all(isinstance(v, (str, int, float, bool)) or v is None for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=scalars and len(value) <= 12)


def _flow(dumper: yaml.SafeDumper, value: _FlowMap) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(_FlowMap, _flow)
_Dumper.add_representer(dict, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(),
                                                               flow_style=False if v else None))


def _yaml(value: Any) -> str:
    # A width no line reaches: a long description stays on one line, so a diff shows one line.
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 16,
                     default_flow_style=False)


def _for_file(kind: str, entry: dict[str, Any]) -> dict[str, Any]:
    if kind != "dashboards" or "tiles" not in entry:
        return entry
    tiles = []
    for tile in entry["tiles"]:
        layouts = tile.get("layouts")
        if isinstance(layouts, dict):
            tile = {**tile, "layouts": {size: _FlowMap(box) if isinstance(box, dict) else box
                                        for size, box in layouts.items()}}
        tiles.append(tile)
    return {**entry, "tiles": tiles}


def dump(setup: Setup, header: Iterable[str] = (), kinds: Iterable[str] | None = None) -> str:
    """The setup as one YAML document (or only `kinds` of it), below `header` as comment lines."""
    wanted = set(kinds) if kinds is not None else None
    lines = [f"# {line}".rstrip() for line in header]
    body: dict[str, Any] = {"version": VERSION}
    for kind in KINDS:
        if kind.id in setup.entries and (wanted is None or kind.id in wanted):
            body[kind.id] = [_for_file(kind.id, e) for e in setup.entries[kind.id].values()]
    return "\n".join([*lines, _yaml(body)]) if lines else _yaml(body)


def dump_split(setup: Setup, header: Iterable[str] = ()) -> dict[str, str]:
    """One file per kind (`event_definitions.yaml`, ...), for `pull --split DIR`."""
    head = list(header)
    return {f"{kind}.yaml": dump(setup, head, kinds=[kind]) for kind in setup.entries}


# -- reading ------------------------------------------------------------------------------


def load_path(path: Path) -> Setup:
    """A file, or a directory of them (`pull --split`), read and checked; raises SetupFileError."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            raise SetupFileError([Problem("the folder holds no .yaml files", origin=str(path))])
        merged = Setup(origin=str(path))
        problems: list[Problem] = []
        for file in files:
            try:
                part = load_text(_read(file), str(file))
            except SetupFileError as error:
                problems.extend(error.problems)
                continue
            for kind, entries in part.entries.items():
                if kind in merged.entries:
                    problems.append(Problem(f"{kind} is also in another file of the folder", origin=str(file)))
                merged.entries[kind] = entries
            merged.lines.update(part.lines)
        if problems:
            raise SetupFileError(problems)
        merged.origin = str(path)
        return merged
    return load_text(_read(path), str(path))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise SetupFileError([Problem(f"cannot read the file: {reason}", origin=str(path))]) from None


def load_text(text: str, origin: str = "") -> Setup:
    """Parse and check a setup document; every problem found is reported at once, with its line."""
    reader = _Reader(origin)
    root = reader.parse(text)
    setup = Setup(origin=origin)
    if root is None:
        raise SetupFileError(reader.problems or [Problem("the file is empty", origin=origin)])
    value, lines = root
    if not isinstance(value, dict):
        raise SetupFileError([Problem("a setup file is a mapping of kinds (event_definitions:, ...)", 1, origin)])
    for name, content in value.items():
        line = lines.get((name,))
        if name == "version":
            if content != VERSION:
                reader.add(f"version {content!r} is not one this posthog-tui reads (it reads {VERSION})", line)
            continue
        kind = BY_ID.get(name) if isinstance(name, str) else None
        if kind is None:
            reader.add(f"unknown kind {name!r} (kinds: {', '.join(k.id for k in KINDS)})", line)
            continue
        if content is None:
            content = []
        if not isinstance(content, list):
            reader.add(f"{name} must be a list of entries", line)
            continue
        setup.entries[name] = reader.entries(kind.id, kind.shape, content, lines, setup)
    if reader.problems:
        raise SetupFileError(reader.problems)
    return setup


class _Reader:
    """Builds plain values from YAML nodes, remembering each value's line, and collects problems."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[Problem] = []

    def add(self, message: str, line: int | None) -> None:
        self.problems.append(Problem(message, line, self.origin))

    def parse(self, text: str) -> tuple[Any, dict[Path_, int]] | None:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            lines: dict[Path_, int] = {}
            return self._build(loader, node, (), lines), lines
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            problem = getattr(err, "problem", None) or str(err)
            self.add(f"the YAML cannot be read: {problem}", mark.line + 1 if mark else None)
            return None
        finally:
            loader.dispose()

    def _build(self, loader: yaml.SafeLoader, node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    self.add("a mapping key must be plain text", key_node.start_mark.line + 1)
                    continue
                if key in out:
                    self.add(f"{key!r} appears twice in one mapping", key_node.start_mark.line + 1)
                lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = self._build(loader, value_node, (*path, key), lines)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self._build(loader, item, (*path, i), lines) for i, item in enumerate(node.value)]
        return loader.construct_object(node, deep=True)

    def entries(self, kind: str, shape: Shape, rows: list[Any], lines: dict[Path_, int],
                setup: Setup) -> dict[str, dict[str, Any]]:
        key_field = BY_ID[kind].key_field
        good: list[tuple[int, dict[str, Any]]] = []
        for index, row in enumerate(rows):
            line = lines.get((kind, index))
            if not isinstance(row, dict):
                self.add(f"each entry of {kind} must be a mapping of fields", line)
                continue
            if self.check(shape, row, (kind, index), lines, f"{kind}[{index}]"):
                good.append((index, row))
        names = [str(row[key_field]) for _, row in good]
        keys = natural_keys(names)
        out: dict[str, dict[str, Any]] = {}
        for key, (index, row) in zip(keys, good):
            if key != str(row[key_field]) and kind != "dashboards":
                self.add(f"{BY_ID[kind].noun} {row[key_field]!r} is listed twice", lines.get((kind, index)))
                continue
            out[key] = normal_entry(shape, row)
            for path, line in lines.items():
                if path[:2] == (kind, index):
                    setup.lines[(kind, key, *path[2:])] = line
        if kind == "event_definitions":
            for key, entry in out.items():
                if entry.get("hidden") and entry.get("verified"):
                    self.add(f"event definition {key!r} cannot be both hidden and verified", setup.line(kind, key))
        return dict(sorted(out.items(), key=lambda item: item[0]))

    def check(self, shape: Shape, row: dict[str, Any], path: Path_, lines: dict[Path_, int], where: str) -> bool:
        """Whether the entry's known fields have usable values; says what is wrong otherwise."""
        ok = True
        key = shape.key
        if key is not None and not (isinstance(row.get(key.name), str) and row[key.name].strip()):
            self.add(f"{where}: the required field {key.name!r} is missing or empty", lines.get(path))
            ok = False
        for name, value in row.items():
            spec = shape.get(name) if isinstance(name, str) else None
            line = lines.get((*path, name), lines.get(path))
            if spec is None:
                if not shape.keep_unknown:
                    known = ", ".join(f.name for f in shape.fields)
                    self.add(f"{where}: unknown field {name!r} (fields: {known})", line)
                    ok = False
                continue
            problem = self._value_problem(spec, value, (*path, name), lines, f"{where}.{name}")
            if problem:
                self.add(f"{where}: {problem}", line)
                ok = False
        if shape is TILE and sum(row.get(k) is not None for k in ("insight", "text")) != 1:
            self.add(f"{where}: a tile has either an insight or a text", lines.get(path))
            ok = False
        return ok

    def _value_problem(self, spec: Field, value: Any, path: Path_, lines: dict[Path_, int], where: str) -> str | None:
        kind = spec.type
        if value is None:
            return f"{spec.name!r} must not be empty" if kind == "key" else None
        if kind in ("key", "text", "raw", "body", "email"):
            return None if isinstance(value, str) else f"{spec.name!r} must be text (put it in quotes)"
        if kind == "bool":
            return None if isinstance(value, bool) else f"{spec.name!r} must be true or false"
        if kind in ("tags", "strings", "names"):
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            return None if ok else f"{spec.name!r} must be a list of text values"
        if kind in ("choice", "level"):
            ok = any(value == c and type(value) is type(c) for c in spec.choices)
            return None if ok else f"{spec.name!r} must be one of: {', '.join(map(str, spec.choices))}"
        if kind == "layouts":
            ok = isinstance(value, dict) and all(isinstance(box, dict) for box in value.values())
            return None if ok else f"{spec.name!r} must map each breakpoint (sm, xs) to a box {{x, y, w, h}}"
        if kind == "json":
            expected = list if isinstance(spec.default, list) else dict
            return None if isinstance(value, expected) else f"{spec.name!r} must be a {_NAMES[expected]}"
        if kind == "entry":
            if not isinstance(value, dict):
                return f"{spec.name!r} must be a mapping of fields"
            assert spec.shape is not None
            self.check(spec.shape, value, path, lines, where)
            return None
        if kind in ("rows", "tiles"):
            if not isinstance(value, list):
                return f"{spec.name!r} must be a list"
            shape = TILE if kind == "tiles" else spec.shape
            assert shape is not None
            for i, row in enumerate(value):
                if not isinstance(row, dict):
                    self.add(f"{where}[{i}] must be a mapping of fields", lines.get((*path, i)))
                else:
                    self.check(shape, row, (*path, i), lines, f"{where}[{i}]")
            return None
        return None


_NAMES = {list: "list", dict: "mapping"}
