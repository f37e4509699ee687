"""jinja2's immutable sandbox, with bounds on the work one expression may ask for.

The sandbox stops a template from reaching Python's insides, but not from asking for
``10 ** (10 ** 10)`` (minutes of CPU) or ``'a' * 4000000000`` (gigabytes) in one step, before
any output-size or time check can act. So the operators that can grow a value (``**``, ``*``,
``+``, ``%``) are intercepted and their result size is estimated from the operands first;
calls and filters may not pass huge numbers, and string methods and filters whose result
could be huge (``replace``, ``join``, ``center``, ...) are estimated the same way.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path
from typing import Any

from jinja2.exceptions import SecurityError, TemplateNotFound
from jinja2.loaders import FileSystemLoader, split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_VALUE_CHARS = 400_000  # the longest string or list one operation may make
MAX_INT_BITS = 12_000  # about 3,600 digits
MAX_ARGUMENT = 100_000  # the largest number a call or filter may be given
MAX_RESULT_ESTIMATE = 4_000_000  # the largest a string method's result may possibly grow
MAX_KEPT_ANSWERS = 4096  # attribute safety answers kept per environment

_SIZED = (str, list, tuple)
_PERCENT_WIDTH = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_WIDTH = re.compile(r"\{[^{}]*:[^{}]*?(\d{6,})")


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} is too large for a template")


def _check_power(base: Any, exponent: Any) -> None:
    ints = isinstance(base, int) and isinstance(exponent, int)
    if ints and abs(base) > 1 and exponent > 0 and exponent * math.log2(abs(base)) > MAX_INT_BITS:
        raise _too_big("the power")


def _check_product(left: Any, right: Any) -> None:
    for sized, count in ((left, right), (right, left)):
        if (
            isinstance(sized, _SIZED)
            and isinstance(count, int)
            and len(sized) * count > MAX_VALUE_CHARS
        ):
            raise _too_big(f"repeating a {type(sized).__name__} that many times")
    ints = isinstance(left, int) and isinstance(right, int)
    if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        raise _too_big("the product")


def _check_sum(left: Any, right: Any) -> None:
    both = isinstance(left, _SIZED) and isinstance(right, _SIZED)
    if both and len(left) + len(right) > MAX_VALUE_CHARS:
        raise _too_big("the joined value")


def _check_percent(text: Any, values: Any) -> None:
    if not isinstance(text, str):
        return
    numbers = values if isinstance(values, tuple) else (values,)
    for width, precision in _PERCENT_WIDTH.findall(text):
        for part in (width, precision):
            if part == "*" and any(isinstance(v, int) and abs(v) > MAX_ARGUMENT for v in numbers):
                raise _too_big("a '%*' width")
            if part.isdigit() and int(part) > MAX_ARGUMENT:
                raise _too_big(f"the width {part}")


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            raise _too_big(f"the number {value if value.bit_length() < 64 else '(huge)'}")


def _check_growth(subject: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A string method or filter on ``subject``: bound what its result could possibly be."""
    if not isinstance(subject, str):
        return
    if _BRACE_WIDTH.search(subject):
        raise _too_big("a format width")
    growth = 1
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool):
            growth = max(growth, abs(value))
        elif isinstance(value, str):
            growth = max(growth, len(value))
        elif isinstance(value, list | tuple):
            size = sum(len(v) if isinstance(v, str) else 1 for v in value)
            growth = max(growth, size + len(value))
    if (len(subject) + 1) * growth > MAX_RESULT_ESTIMATE:
        raise _too_big("the result")


def _guarded_filter(name: str, function: Any) -> Any:
    @functools.wraps(function)  # keeps jinja's pass_context/pass_environment marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not hasattr(a, "environment")]  # drop context/env
        _check_arguments(tuple(values[1:]), kwargs)
        if values:
            _check_growth(values[0], tuple(values[1:]), kwargs)
            if name == "format":
                _check_percent(values[0], tuple(values[1:]))
            if name == "join" and isinstance(values[0], list | tuple):
                separator = values[1] if len(values) > 1 else kwargs.get("d", "")
                _check_growth(str(separator), (list(map(str, values[0])),), {})
        return function(*args, **kwargs)

    return guarded


class BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"**", "*", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: _guarded_filter(name, f) for name, f in self.filters.items()}
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """jinja2's answer, kept by the object's type and the attribute's name: it depends on
        nothing else (an underscore, a function's or frame's insides, a mutating method of a
        list, dict or set), and a card's template asks it about thirty times."""
        key = (type(obj), attr)
        found = self._safe.get(key)
        if found is None:
            found = bool(super().is_safe_attribute(obj, attr, value))
            if len(self._safe) < MAX_KEPT_ANSWERS:  # a template naming endless attributes
                self._safe[key] = found
        return found

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_product(left, right)
        elif operator == "+":
            _check_sum(left, right)
        elif operator == "%":
            _check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        bound = getattr(__obj, "__self__", None)  # "text".replace(...), or str.format's wrapper
        if bound is None:
            bound = getattr(getattr(__obj, "__wrapped__", None), "__self__", None)
        _check_growth(bound, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


class ConfinedLoader(FileSystemLoader):
    """Templates from their folders only, symlinks followed and then confined.

    A symlink inside a templates folder that leads out of it is not followed; jinja2 already
    refuses ``..`` in template names.
    """

    def get_source(self, environment: Any, template: str) -> Any:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            candidate = Path(folder, *pieces)
            if candidate.is_file():
                if not candidate.resolve().is_relative_to(Path(folder).resolve()):
                    raise TemplateNotFound(template)
                break
        return super().get_source(environment, template)
