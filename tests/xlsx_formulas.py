"""A small evaluator for the spreadsheet formulas govtui writes, so tests can check what Excel would show.

It knows only what the self-check workbook uses: numbers, strings, cell and range references (with a
quoted sheet name), + - * / & and comparisons, and IF, OR, SUM, SUMIF, COUNTIF, SUMPRODUCT, MOD,
ROUND, ROWS. ROUND is Excel's (half away from zero), not Python's. Anything else raises, so a
formula outside this subset fails the test instead of being guessed at.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl.utils import column_index_from_string

TOKEN = re.compile(
    r"""\s*(?:
    (?P<ref>(?:'(?P<sheet>[^']+)'!)?\$?(?P<c1>[A-Z]{1,3})\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Z]{1,3})\$?(?P<r2>\d+))?)
    |(?P<func>[A-Z]+)\(
    |(?P<num>\d+(?:\.\d+)?)
    |"(?P<str>(?:[^"]|"")*)"
    |(?P<op><>|<=|>=|[-+*/&=<>(),])
    )""",
    re.VERBOSE,
)


class XlError(str):
    """An Excel error value (#DIV/0!): it propagates, and an IF branch not taken never shows it."""


def _error_in(*values: Any) -> XlError | None:
    for value in values:
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, XlError):
                return v
    return None


class Evaluator:
    def __init__(self, workbook: Any) -> None:
        self.wb = workbook
        self.cache: dict[tuple[str, str], Any] = {}

    def value(self, sheet: str, ref: str) -> Any:
        key = (sheet, ref)
        if key not in self.cache:
            raw = self.wb[sheet][ref].value
            if isinstance(raw, str) and self.wb[sheet][ref].data_type == "f":
                self.cache[key] = self.formula(sheet, raw)
            else:
                self.cache[key] = raw
        return self.cache[key]

    def formula(self, sheet: str, text: str) -> Any:
        assert text.startswith("=")
        tokens = []
        pos = 1
        while pos < len(text):
            match = TOKEN.match(text, pos)
            if not match or match.end() == pos:
                raise ValueError(f"cannot read formula at {text[pos:]!r}")
            tokens.append(match)
            pos = match.end()
        parser = _Parser(self, sheet, tokens)
        result = parser.expr()
        if parser.i != len(tokens):
            raise ValueError(f"trailing tokens in {text!r}")
        return result


def _num(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    raise TypeError(f"#VALUE! ({value!r} is not a number)")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _compare(a: Any, op: str, b: Any) -> bool:
    if a is None:
        a = "" if isinstance(b, str) else 0.0
    if b is None:
        b = "" if isinstance(a, str) else 0.0
    if isinstance(a, str) != isinstance(b, str):
        # Excel: any text is greater than any number; never equal.
        order = 1 if isinstance(a, str) else -1
        return {"=": False, "<>": True, "<": order < 0, ">": order > 0, "<=": order < 0, ">=": order > 0}[op]
    if isinstance(a, str):
        a, b = a.lower(), b.lower()
    else:
        a, b = _num(a), _num(b)
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def _divide(a: Any, b: Any) -> Any:
    return XlError("#DIV/0!") if _num(b) == 0 else _num(a) / _num(b)


def _elementwise(a: Any, b: Any, fn: Any) -> Any:
    if error := _error_in(a, b):
        return error
    if isinstance(a, list) or isinstance(b, list):
        n = len(a) if isinstance(a, list) else len(b)
        left = a if isinstance(a, list) else [a] * n
        right = b if isinstance(b, list) else [b] * n
        assert len(left) == len(right), "ranges of different sizes"
        return [fn(x, y) for x, y in zip(left, right, strict=True)]
    return fn(a, b)


def _criterion(value: Any, criterion: Any) -> bool:
    if isinstance(criterion, str):
        match = re.fullmatch(r"(<>|<=|>=|=|<|>)(.*)", criterion)
        if match:
            op, operand = match.groups()
            try:
                target: Any = float(operand)
            except ValueError:
                target = operand
            if value is None or (isinstance(target, float) and isinstance(value, str)):
                return op == "<>"
            return _compare(value, op, target)
        return isinstance(value, str) and value.lower() == criterion.lower()
    return value is not None and not isinstance(value, str) and _num(value) == _num(criterion)


def excel_round(x: float, digits: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


class _Parser:
    def __init__(self, ev: Evaluator, sheet: str, tokens: list[re.Match[str]]) -> None:
        self.ev, self.sheet, self.tokens, self.i = ev, sheet, tokens, 0

    def peek(self) -> str | None:
        if self.i < len(self.tokens):
            return self.tokens[self.i].group("op")
        return None

    def take(self, op: str) -> None:
        assert self.peek() == op, (op, self.peek())
        self.i += 1

    def expr(self) -> Any:
        left = self.concat()
        if self.peek() in ("=", "<>", "<", ">", "<=", ">="):
            op = self.peek()
            self.i += 1
            right = self.concat()
            return _elementwise(left, right, lambda a, b: _compare(a, op, b))
        return left

    def concat(self) -> Any:
        left = self.additive()
        while self.peek() == "&":
            self.i += 1
            right = self.additive()
            left = _error_in(left, right) or _text(left) + _text(right)
        return left

    def additive(self) -> Any:
        left = self.term()
        while self.peek() in ("+", "-"):
            op = self.peek()
            self.i += 1
            right = self.term()
            left = _elementwise(left, right, (lambda a, b: _num(a) + _num(b)) if op == "+" else (lambda a, b: _num(a) - _num(b)))
        return left

    def term(self) -> Any:
        left = self.unary()
        while self.peek() in ("*", "/"):
            op = self.peek()
            self.i += 1
            right = self.unary()
            left = _elementwise(left, right, (lambda a, b: _num(a) * _num(b)) if op == "*" else _divide)
        return left

    def unary(self) -> Any:
        if self.peek() == "-":
            self.i += 1
            return _elementwise(self.unary(), 0, lambda a, _: -_num(a))
        return self.primary()

    def primary(self) -> Any:
        token = self.tokens[self.i]
        self.i += 1
        if token.group("num"):
            return float(token.group("num"))
        if token.group("str") is not None:
            return token.group("str").replace('""', '"')
        if token.group("op") == "(":
            value = self.expr()
            self.take(")")
            return value
        if token.group("ref"):
            return self.reference(token)
        if token.group("func"):
            args = []
            while self.peek() != ")":
                args.append(self.expr())
                if self.peek() == ",":
                    self.i += 1
            self.take(")")
            return self.call(token.group("func"), args)
        raise ValueError(f"unexpected {token.group(0)!r}")

    def reference(self, token: re.Match[str]) -> Any:
        sheet = token.group("sheet") or self.sheet
        c1, r1 = token.group("c1"), int(token.group("r1"))
        if not token.group("c2"):
            return self.ev.value(sheet, f"{c1}{r1}")
        c2, r2 = token.group("c2"), int(token.group("r2"))
        assert c1 == c2 or r1 == r2, "only one-dimensional ranges are used"
        if c1 == c2:
            return [self.ev.value(sheet, f"{c1}{r}") for r in range(r1, r2 + 1)]
        from openpyxl.utils import get_column_letter

        return [
            self.ev.value(sheet, f"{get_column_letter(c)}{r1}")
            for c in range(column_index_from_string(c1), column_index_from_string(c2) + 1)
        ]

    def call(self, name: str, args: list[Any]) -> Any:
        if name == "IF":
            condition, yes, no = args
            return _error_in(condition) or (yes if condition else no)
        if error := _error_in(*args):
            return error
        if name == "OR":
            return any(bool(a) for a in args)
        if name == "SUM":
            return sum(_num(v) for a in args for v in (a if isinstance(a, list) else [a]) if not isinstance(v, str))
        if name == "SUMIF":
            where, criterion, values = args
            return sum(_num(v) for w, v in zip(where, values, strict=True) if _criterion(w, criterion) and not isinstance(v, str))
        if name == "COUNTIF":
            where, criterion = args
            return float(sum(1 for w in where if _criterion(w, criterion)))
        if name == "SUMPRODUCT":
            (array,) = args
            return sum(_num(v) for v in array)
        if name == "MOD":
            a, b = _num(args[0]), _num(args[1])
            return a - b * (a // b)
        if name == "ROUND":
            return excel_round(_num(args[0]), int(_num(args[1])))
        if name == "ROWS":
            return float(len(args[0]))
        raise ValueError(f"function {name} is not in the supported subset")
