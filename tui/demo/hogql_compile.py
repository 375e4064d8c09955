"""Translating a parsed HogQL query into SQLite over `hogql_sql.Engine`, tracking ClickHouse types."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .hogql_parse import Binary, Call, Const, Field, HogQLError, InList, Interval, IsNull, Negative, Not, Select, Star
from .hogql_sql import (
    _US,
    BOOL,
    DATE,
    DT,
    FLOAT,
    INT,
    INTERVAL,
    NULL,
    STAR,
    STRING,
    UINT,
    UUID,
    has_aggregate,
    iso_us,
    parse_datetime,
    to_text,
    to_us,
)

NUMBERS = (INT, UINT, FLOAT)
DEFAULT_LIMIT, MAX_LIMIT = 100, 50_000
_COLUMNS = {"uuid": ("uuid", UUID), "event": ("event", STRING), "timestamp": ("ts", DT), "created_at": ("ts", DT),
            "distinct_id": ("distinct_id", STRING), "person_id": ("person_id", UUID),
            "elements_chain": ("elements_chain", STRING)}
_SIMPLE = {"lower": ("LOWER", STRING), "upper": ("UPPER", STRING), "length": ("LENGTH", UINT),
           "trim": ("TRIM", STRING), "round": ("ROUND", FLOAT)}
FUNCTIONS = sorted({"count", "uniq", "uniqExact", "sum", "avg", "min", "max", "toDate", "toStartOfDay",
                    "toStartOfHour", "toDateTime", "toDateTime64", "now", "today", "toString", "toInt", "toFloat",
                    "coalesce", "ifNull", "concat", "if", "match", "matchesAction", *_SIMPLE})


@dataclass
class Plan:
    sql: str
    params: dict[str, Any]
    columns: list[str]
    types: list[str]
    limit: int
    offset: int

    def convert(self, row: tuple[Any, ...]) -> list[Any]:
        return [iso_us(v) if t == DT else bool(v) if t == BOOL and v is not None else v
                for v, t in zip(row, self.types)]


class Compiler:
    def __init__(self, team_id: int, now: datetime, action_rows: Callable[[int], str]) -> None:
        self.team_id, self.now, self.action_rows = team_id, now, action_rows
        self.params: dict[str, Any] = {}
        self.aliases: dict[str, str] = {}

    def param(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    # -- expressions -----------------------------------------------------------------------------

    def expr(self, node: Any, want: str | None = None) -> tuple[str, str]:
        if isinstance(node, Const):
            return self.const(node.value, want)
        if isinstance(node, Field):
            return self.field(node.chain)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Not):
            return f"(NOT {self.expr(node.expr)[0]})", BOOL
        if isinstance(node, Negative):
            sql, kind = self.expr(node.expr)
            return f"(-{sql})", kind
        if isinstance(node, IsNull):
            return f"({self.expr(node.expr)[0]} IS {'NOT ' if node.negated else ''}NULL)", BOOL
        if isinstance(node, InList):
            left, kind = self.expr(node.expr)
            items = ", ".join(self.expr(item, kind)[0] for item in node.items)
            return f"({left} {'NOT ' if node.negated else ''}IN ({items}))", BOOL
        if isinstance(node, Interval):
            return self.param(node.amount * _US[node.unit]), INTERVAL
        raise HogQLError("`*` can only stand alone in the SELECT list.")

    def const(self, value: Any, want: str | None) -> tuple[str, str]:
        if value is None:
            return "NULL", NULL
        if isinstance(value, bool):
            return self.param(int(value)), BOOL
        if isinstance(value, str):
            return (self.param(parse_datetime(value)), DT) if want == DT else (self.param(value), want or STRING)
        return self.param(value), FLOAT if isinstance(value, float) else INT

    def field(self, chain: tuple[str, ...]) -> tuple[str, str]:
        if chain[0] == "events" and len(chain) > 1:
            chain = chain[1:]
        name = chain[0]
        if len(chain) == 1 and name in self.aliases:
            return '"' + name.replace('"', '""') + '"', self.aliases[name]
        if len(chain) == 1 and name in _COLUMNS:
            return _COLUMNS[name]
        if chain == ("team_id",):
            return self.param(self.team_id), INT
        if chain == ("person_mode",):
            return self.param("full"), STRING
        if chain == ("properties",):
            return "ph_props(row)", STRING
        if name == "properties":
            return f"ph_prop(row, {self.param(json.dumps(chain[1:]))})", STRING
        if chain[:2] == ("person", "properties") and len(chain) > 2:
            return f"ph_pprop(row, {self.param(json.dumps(chain[2:]))})", STRING
        if chain in (("person", "id"), ("person", "uuid")):
            return "person_id", UUID
        raise HogQLError(f"Unable to resolve field: {'.'.join(chain)}")

    def binary(self, node: Binary) -> tuple[str, str]:
        op = node.op
        if op in ("and", "or"):
            return f"({self.expr(node.left)[0]} {op.upper()} {self.expr(node.right)[0]})", BOOL
        # Constants take the type of the other side, so `timestamp > '2026-11-01'` compares times.
        if isinstance(node.left, Const) and not isinstance(node.right, Const):
            right, rt = self.expr(node.right)
            left, lt = self.expr(node.left, rt)
        else:
            left, lt = self.expr(node.left)
            right, rt = self.expr(node.right, lt)
        if op in ("+", "-", "*", "/", "%"):
            return self.arithmetic(op, left, lt, right, rt)
        if lt == DT and rt == STRING:
            right = f"ph_dt({right})"
        elif rt == DT and lt == STRING:
            left = f"ph_dt({left})"
        elif lt == STRING and rt in NUMBERS:
            left = f"CAST({left} AS REAL)"
        elif rt == STRING and lt in NUMBERS:
            right = f"CAST({right} AS REAL)"
        if op.endswith("ilike"):
            return f"(LOWER({left}) {'NOT ' if op.startswith('not') else ''}LIKE LOWER({right}))", BOOL
        if op.endswith("like"):
            return f"({left} {op.upper()} {right})", BOOL
        return f"({left} {op} {right})", BOOL

    def arithmetic(self, op: str, left: str, lt: str, right: str, rt: str) -> tuple[str, str]:
        if DT in (lt, rt) and INTERVAL in (lt, rt) and op in "+-":
            return f"({left} {op} {right})", DT
        if lt == rt == DT and op == "-":
            return f"(({left} - {right}) / 1000000)", INT
        if lt not in (*NUMBERS, NULL) or rt not in (*NUMBERS, NULL):
            raise HogQLError(f"Arithmetic '{op}' on {lt} and {rt} is not supported; convert with toFloat() first.")
        if op == "/":
            return f"(CAST({left} AS REAL) / {right})", FLOAT
        return f"({left} {op} {right})", FLOAT if FLOAT in (lt, rt) else INT

    def call(self, node: Call) -> tuple[str, str]:
        name, args = node.name.lower(), node.args
        compiled = [self.expr(a) for a in args] if name != "matchesaction" else []
        first, kind = compiled[0] if compiled else ("", NULL)
        if name == "count":
            return (f"COUNT({'DISTINCT ' if node.distinct else ''}{first})" if args else "COUNT(*)"), UINT
        if name in ("uniq", "uniqexact"):
            return f"COUNT(DISTINCT {first})", UINT
        if name in ("sum", "avg", "min", "max"):
            result = FLOAT if name == "avg" or (name == "sum" and kind == FLOAT) else INT if name == "sum" else kind
            return f"{name.upper()}({first})", result
        if name == "todate":
            return (f"ph_date({first})", DATE) if kind == DT else (first, DATE)
        if name in ("tostartofday", "tostartofhour"):
            return f"ph_{'day' if name.endswith('day') else 'hour'}({first if kind == DT else f'ph_dt({first})'})", DT
        if name in ("todatetime", "todatetime64"):  # the demo keeps everything in UTC
            if args and isinstance(args[0], Const):
                return self.param(parse_datetime(str(args[0].value))), DT
            return f"ph_dt({first})", DT
        if name == "now":
            return self.param(to_us(self.now)), DT
        if name == "today":
            return self.param(self.now.date().isoformat()), DATE
        if name == "tostring":  # uuids are stored as text already
            return (f"ph_iso({first})" if kind == DT else first if kind == UUID else f"CAST({first} AS TEXT)"), STRING
        if name in ("toint", "toint64", "tointornull"):
            return f"CAST({first} AS INTEGER)", INT
        if name in ("tofloat", "tofloat64", "tofloatornull"):
            return f"CAST({first} AS REAL)", FLOAT
        if name in ("coalesce", "ifnull"):
            kinds = [k for _, k in compiled if k != NULL]
            return f"COALESCE({', '.join(sql for sql, _ in compiled)})", kinds[0] if kinds else NULL
        if name == "concat":
            return "(" + " || ".join(f"COALESCE(CAST({sql} AS TEXT), '')" for sql, _ in compiled) + ")", STRING
        if name == "if" and len(compiled) == 3:
            return f"(CASE WHEN {first} THEN {compiled[1][0]} ELSE {compiled[2][0]} END)", compiled[1][1]
        if name == "match" and len(compiled) == 2:
            return f"ph_match({first}, {compiled[1][0]})", BOOL
        if name == "matchesaction" and len(args) == 1 and isinstance(args[0], Const):
            return f"ph_action({self.param(self.action_rows(args[0].value))}, row)", BOOL
        if name in _SIMPLE:
            function, result = _SIMPLE[name]
            return f"{function}({', '.join(sql for sql, _ in compiled)})", result
        raise HogQLError(f"Unsupported function call '{node.name}(...)'. The demo server's HogQL knows: "
                         + ", ".join(FUNCTIONS) + ".")

    # -- queries ---------------------------------------------------------------------------------

    def select(self, query: Select) -> Plan:
        items: list[tuple[Any, str | None]] = []
        for expr, alias in query.items:
            items.extend([(Field((name,)), None) for name in STAR] if isinstance(expr, Star) else [(expr, alias)])
        parts, columns, types = [], [], []
        for expr, alias in items:
            sql, kind = self.expr(expr)
            if alias:
                self.aliases[alias] = kind
                sql += ' AS "' + alias.replace('"', '""') + '"'
            parts.append(sql)
            columns.append(alias or to_text(expr))
            types.append(kind)
        self._check_grouping(items, query.group_by)
        sql = f"SELECT {'DISTINCT ' if query.distinct else ''}{', '.join(parts)} FROM events"
        if query.where is not None:
            sql += f" WHERE {self.expr(query.where)[0]}"
        if query.group_by:
            sql += " GROUP BY " + ", ".join(self._position(e) for e in query.group_by)
        if query.having is not None:
            sql += f" HAVING {self.expr(query.having)[0]}"
        if query.order_by:
            sql += " ORDER BY " + ", ".join(f"{self._position(e)} {d}" for e, d in query.order_by)
        limit = min(query.limit if query.limit is not None else DEFAULT_LIMIT, MAX_LIMIT)
        # One row more than asked tells whether there are more.
        sql += f" LIMIT {self.param(limit + 1)} OFFSET {self.param(query.offset or 0)}"
        return Plan(sql, self.params, columns, types, limit, query.offset or 0)

    def _position(self, node: Any) -> str:
        # A bare number in GROUP BY / ORDER BY is a column position, which SQLite reads only as a literal.
        if isinstance(node, Const) and isinstance(node.value, int) and not isinstance(node.value, bool):
            return str(node.value)
        return self.expr(node)[0]

    def _check_grouping(self, items: list[tuple[Any, str | None]], group_by: list[Any]) -> None:
        if not group_by and not any(has_aggregate(e) for e, _ in items):
            return
        keys = {to_text(e) for e in group_by} | {str(e.value) for e in group_by if isinstance(e, Const)}
        for position, (expr, alias) in enumerate(items, start=1):
            if has_aggregate(expr) or isinstance(expr, Const):
                continue
            if not ({to_text(expr), alias, str(position)} & keys):
                raise HogQLError(f"Column `{alias or to_text(expr)}` is not under an aggregate function "
                                 "and not in GROUP BY keys.")
