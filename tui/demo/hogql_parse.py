"""Parsing the demo's HogQL subset into a small syntax tree (see `hogql_sql` for what runs).

Grammar, case-insensitive keywords:

    SELECT [DISTINCT] item [, item ...]  FROM events
    [WHERE expr] [GROUP BY expr, ...] [HAVING expr] [ORDER BY expr [ASC|DESC], ...]
    [LIMIT n [OFFSET m]]
    item := *  |  expr [AS alias]
    expr := literal | field | alias | {placeholder} | function(args) | INTERVAL n unit | (expr)
          | expr (+ - * / %) expr | expr (= == != <> < <= > >=) expr | expr [NOT] [I]LIKE expr
          | expr [NOT] IN (expr, ...) | expr IS [NOT] NULL | NOT expr | expr AND expr | expr OR expr

Anything else (joins, subqueries, UNION, WITH, window functions, ARRAY JOIN, SAMPLE, other
tables) is refused with a `HogQLError` naming what is not supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


class HogQLError(Exception):
    """A query the demo cannot run; the message is what PostHog would put in `detail`."""


@dataclass(frozen=True)
class Const:
    value: Any


@dataclass(frozen=True)
class Field:
    chain: tuple[str, ...]


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]
    distinct: bool = False


@dataclass(frozen=True)
class Binary:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class Not:
    expr: Any


@dataclass(frozen=True)
class Negative:
    expr: Any


@dataclass(frozen=True)
class IsNull:
    expr: Any
    negated: bool


@dataclass(frozen=True)
class InList:
    expr: Any
    items: tuple[Any, ...]
    negated: bool


@dataclass(frozen=True)
class Interval:
    amount: int
    unit: str


@dataclass(frozen=True)
class Star:
    pass


@dataclass
class Select:
    items: list[tuple[Any, str | None]]
    distinct: bool = False
    where: Any = None
    group_by: list[Any] = field(default_factory=list)
    having: Any = None
    order_by: list[tuple[Any, str]] = field(default_factory=list)
    limit: int | None = None
    offset: int | None = None


_TOKEN = re.compile(r"""
    (?P<space>\s+|--[^\n]*)
  | (?P<number>\d+\.\d*|\d+)
  | (?P<string>'(?:[^'\\]|\\.|'')*')
  | (?P<quoted>`[^`]*`|"[^"]*")
  | (?P<placeholder>\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\})
  | (?P<name>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<op><=|>=|!=|<>|==|[-+*/%=<>(),.\[\]])
""", re.VERBOSE)
UNITS = {"second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week", "month": "month"}
_UNSUPPORTED = {"join": "JOIN is", "union": "UNION is", "with": "WITH is", "over": "Window functions (OVER) are",
                "sample": "SAMPLE is", "prewhere": "PREWHERE is", "qualify": "QUALIFY is",
                "settings": "SETTINGS is", "window": "Window functions (WINDOW) are"}
_NOT_HERE = "not supported by the demo server's HogQL."
_STOP = {"from", "where", "group", "having", "order", "limit", "offset", "as", "asc", "desc", "and", "or", "not",
         "like", "ilike", "in", "is", "null", "by", "distinct", "select", "interval", "true", "false"}


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)|''", lambda m: m.group(1) if m.group(1) is not None else "'", body)


def tokenize(text: str, values: dict[str, Any]) -> list[tuple[str, Any]]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise HogQLError(f"Syntax error at position {position}: unexpected {text[position]!r}.")
        position = match.end()
        kind = match.lastgroup
        raw = match.group()
        if kind == "space":
            continue
        if kind == "number":
            tokens.append(("const", float(raw) if "." in raw else int(raw)))
        elif kind == "string":
            tokens.append(("const", _unquote(raw)))
        elif kind == "quoted":
            tokens.append(("name", raw[1:-1]))
        elif kind == "placeholder":
            name = raw[1:-1].strip()
            if name not in values:
                raise HogQLError(f"Placeholder {{{name}}} is not in the query's values.")
            tokens.append(("const", values[name]))
        elif kind == "name" and tokens and tokens[-1] == ("op", "."):
            tokens.append(("name", raw))  # a property key, never a keyword: `properties.sample`
        elif kind == "name":
            lowered = raw.lower()
            if lowered in _UNSUPPORTED:
                raise HogQLError(f"{_UNSUPPORTED[lowered]} {_NOT_HERE}")
            tokens.append(("kw", lowered) if lowered in _STOP else ("name", raw))
        else:
            tokens.append(("op", raw))
    tokens.append(("end", None))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any]]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self, kind: str, value: Any = None, ahead: int = 0) -> bool:
        token = self.tokens[min(self.at + ahead, len(self.tokens) - 1)]
        return token[0] == kind and (value is None or token[1] == value)

    def take(self, kind: str, value: Any = None) -> Any:
        if not self.peek(kind, value):
            found = self.tokens[self.at][1]
            wanted = value if value is not None else kind
            raise HogQLError(f"Syntax error: expected {wanted!r}, found {found!r}." if found is not None
                             else f"Syntax error: expected {wanted!r} before the end of the query.")
        token = self.tokens[self.at]
        self.at += 1
        return token[1]

    def accept(self, kind: str, value: Any = None) -> bool:
        if self.peek(kind, value):
            self.at += 1
            return True
        return False

    def select(self) -> Select:
        self.take("kw", "select")
        query = Select(items=[], distinct=self.accept("kw", "distinct"))
        while True:
            if self.accept("op", "*"):
                query.items.append((Star(), None))
            else:
                expr = self.expr()
                alias = self.take("name") if self.accept("kw", "as") else (
                    self.take("name") if self.peek("name") else None)
                query.items.append((expr, alias))
            if not self.accept("op", ","):
                break
        self.take("kw", "from")
        if self.accept("op", "("):
            raise HogQLError(f"Subqueries are {_NOT_HERE}")
        table = self.take("name")
        if table.lower() != "events":
            raise HogQLError(f"Unknown table `{table}`: the demo server's HogQL reads only `events`.")
        if self.peek("name") and not self.peek("kw"):
            self.take("name")  # a table alias, e.g. `FROM events e`
        if self.accept("kw", "where"):
            query.where = self.expr()
        if self.accept("kw", "group"):
            self.take("kw", "by")
            query.group_by = self.expr_list()
        if self.accept("kw", "having"):
            query.having = self.expr()
        if self.accept("kw", "order"):
            self.take("kw", "by")
            while True:
                expr = self.expr()
                direction = "DESC" if self.accept("kw", "desc") else "ASC"
                self.accept("kw", "asc")
                query.order_by.append((expr, direction))
                if not self.accept("op", ","):
                    break
        if self.accept("kw", "limit"):
            query.limit = self.integer("LIMIT")
            if self.accept("op", ","):  # LIMIT offset, count
                query.offset, query.limit = query.limit, self.integer("LIMIT")
        if self.accept("kw", "offset"):
            query.offset = self.integer("OFFSET")
        if not self.peek("end"):
            raise HogQLError(f"Syntax error: unexpected {self.tokens[self.at][1]!r} after the query.")
        return query

    def integer(self, clause: str) -> int:
        value = self.take("const")
        if not isinstance(value, int) or value < 0:
            raise HogQLError(f"{clause} needs a whole number.")
        return value

    def expr_list(self) -> list[Any]:
        items = [self.expr()]
        while self.accept("op", ","):
            items.append(self.expr())
        return items

    def expr(self) -> Any:
        left = self.conjunction()
        while self.accept("kw", "or"):
            left = Binary("or", left, self.conjunction())
        return left

    def conjunction(self) -> Any:
        left = self.negation()
        while self.accept("kw", "and"):
            left = Binary("and", left, self.negation())
        return left

    def negation(self) -> Any:
        if self.accept("kw", "not"):
            return Not(self.negation())
        return self.comparison()

    def comparison(self) -> Any:
        left = self.additive()
        if self.accept("kw", "is"):
            negated = self.accept("kw", "not")
            self.take("kw", "null")
            return IsNull(left, negated)
        negated = self.accept("kw", "not")
        if self.accept("kw", "in"):
            self.take("op", "(")
            if self.peek("kw", "select"):
                raise HogQLError(f"Subqueries are {_NOT_HERE}")
            items = tuple(self.expr_list())
            self.take("op", ")")
            return InList(left, items, negated)
        for word in ("like", "ilike"):
            if self.accept("kw", word):
                return Binary(("not " if negated else "") + word, left, self.additive())
        if negated:
            raise HogQLError("Syntax error: NOT must be followed by IN, LIKE or ILIKE here.")
        for op in ("=", "==", "!=", "<>", "<=", ">=", "<", ">"):
            if self.accept("op", op):
                return Binary({"==": "=", "<>": "!="}.get(op, op), left, self.additive())
        return left

    def additive(self) -> Any:
        left = self.multiplicative()
        while self.peek("op", "+") or self.peek("op", "-"):
            left = Binary(self.take("op"), left, self.multiplicative())
        return left

    def multiplicative(self) -> Any:
        left = self.unary()
        while self.peek("op", "*") or self.peek("op", "/") or self.peek("op", "%"):
            left = Binary(self.take("op"), left, self.unary())
        return left

    def unary(self) -> Any:
        if self.accept("op", "-"):
            return Negative(self.unary())
        return self.primary()

    def primary(self) -> Any:
        if self.peek("const"):
            return Const(self.take("const"))
        if self.accept("kw", "null"):
            return Const(None)
        if self.peek("kw", "true") or self.peek("kw", "false"):
            return Const(self.take("kw") == "true")
        if self.accept("kw", "interval"):
            amount = self.take("const")
            unit = UNITS.get(str(self.take("name")).lower().rstrip("s"))
            if not isinstance(amount, int) or unit is None:
                raise HogQLError("INTERVAL needs a whole number and one of SECOND, MINUTE, HOUR, DAY, WEEK, MONTH.")
            return Interval(amount, unit)
        if self.accept("op", "("):
            if self.peek("kw", "select"):
                raise HogQLError(f"Subqueries are {_NOT_HERE}")
            inner = self.expr()
            self.take("op", ")")
            return inner
        name = self.take("name")
        if self.accept("op", "("):
            distinct = self.accept("kw", "distinct")
            args = () if self.peek("op", ")") else tuple(self.expr_list())
            self.take("op", ")")
            if self.peek("kw", "over"):
                raise HogQLError(f"Window functions (OVER) are {_NOT_HERE}")
            return Call(name, args, distinct)
        chain = [name]
        while True:
            if self.accept("op", "."):
                chain.append(str(self.take("name")))
            elif self.accept("op", "["):
                key = self.take("const")
                self.take("op", "]")
                chain.append(str(key))
            else:
                return Field(tuple(chain))


def parse(text: str, values: dict[str, Any] | None = None) -> Select:
    return _Parser(tokenize(text, values or {})).select()


def parse_expr(text: str) -> Any:
    """One expression, e.g. an EventsQuery `where` entry."""
    return parse_order(text, allow_direction=False)[0]


def parse_order(text: str, *, allow_direction: bool = True) -> tuple[Any, str]:
    """An `orderBy` entry such as `timestamp DESC` (ASC unless said otherwise)."""
    parser = _Parser(tokenize(text, {}))
    expr = parser.expr()
    direction = "ASC"
    if allow_direction and parser.accept("kw", "desc"):
        direction = "DESC"
    elif allow_direction:
        parser.accept("kw", "asc")
    if not parser.peek("end"):
        raise HogQLError(f"Syntax error: unexpected {parser.tokens[parser.at][1]!r} in {text!r}.")
    return expr, direction
