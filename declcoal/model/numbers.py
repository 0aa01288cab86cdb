"""Exact numbers: parsing to :class:`fractions.Fraction` and rendering them back.

declcoal is exact by default (DESIGN.md, principle 1): ``"0.8"`` parses to ``4/5``,
``"71/2"`` to ``71/2``; binary floats are accepted only through their exact decimal
text, never through the float's binary value.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from numbers import Rational

from ..errors import InputError

#: Input numbers are exact, but not unbounded (issue 15, item 3; docs/limits.md): a value
#: must satisfy 10^-MAX_EXPONENT <= |x| < 10^MAX_EXPONENT (or be 0), and its numerator
#: and denominator may have at most MAX_DIGITS decimal digits. Beyond, the number is
#: refused as input (file:line, exit 2) instead of hanging a parser (``1e999999999``)
#: or overflowing a float conversion later (worths above ~1e308).
MAX_EXPONENT = 100
MAX_DIGITS = 200
_HUGE = 10**MAX_EXPONENT
_MAX_BITS = int(MAX_DIGITS * 3.3219280948873626) + 1

_NUMBER_RE = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*(/\s*[+-]?\d+\s*)?$")


def to_fraction(value: object, what: str = "value") -> Fraction:
    """Convert ``value`` to an exact Fraction or raise :class:`InputError`.

    Accepts int, Fraction, Decimal, strings (``"3"``, ``"0.8"``, ``"71/2"``, ``"1e3"``)
    and floats (through ``repr``, so ``0.1`` means one tenth). Booleans, NaN and
    infinities are rejected.
    """
    if isinstance(value, bool):
        raise InputError(f"{what}: expected a number, got a boolean {value!r}")
    if isinstance(value, Fraction):
        return check_magnitude(value, what)
    if isinstance(value, int):
        if value.bit_length() < 300:
            return Fraction(value)
        return check_magnitude(Fraction(value), what)
    if isinstance(value, Rational):
        return check_magnitude(Fraction(value.numerator, value.denominator), what)
    if isinstance(value, Decimal):
        return _from_decimal(value, what)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{what}: expected a finite number, got {value}")
        return _from_decimal(Decimal(repr(value)), what)
    if isinstance(value, str):
        return _parse_text(value, what)
    raise InputError(f"{what}: expected a number, got {type(value).__name__} {value!r}")


def check_magnitude(q: Fraction, what: str = "value") -> Fraction:
    """``q`` itself if it is within the input limits (:data:`MAX_EXPONENT`, :data:`MAX_DIGITS`)."""
    if q.denominator == 1 and q.numerator.bit_length() < 300:  # the common case, at once (2^300 < 1e100)
        return q
    if q.numerator.bit_length() > _MAX_BITS or q.denominator.bit_length() > _MAX_BITS:
        raise InputError(f"{what}: a number with more than {MAX_DIGITS} digits in its numerator or denominator "
                         f"(declcoal's input limit)")
    if q and not (Fraction(1, _HUGE) <= abs(q) < _HUGE):
        raise InputError(f"{what}: |x| must lie between 1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT} (or be 0); "
                         f"got a number of about 1e{_exponent(q)}")
    return q


def _exponent(q: Fraction) -> int:
    return len(str(abs(q.numerator))) - len(str(q.denominator))


def _from_decimal(d: Decimal, what: str) -> Fraction:
    """A finite Decimal within the limits, checked *before* Fraction(d) expands 10^exp."""
    if not d.is_finite():
        raise InputError(f"{what}: expected a finite number, got {d}")
    if d.is_zero():
        return Fraction(0)
    digits = len(d.as_tuple().digits)
    if digits > MAX_DIGITS:
        raise InputError(f"{what}: a number with {digits} digits, more than {MAX_DIGITS} (declcoal's input limit)")
    if not -MAX_EXPONENT <= d.adjusted() < MAX_EXPONENT:
        raise InputError(f"{what}: |x| must lie between 1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT} (or be 0); "
                         f"got {d:.3e}")
    return check_magnitude(Fraction(d), what)


def _parse_text(text: str, what: str) -> Fraction:
    if not _NUMBER_RE.match(text):
        raise InputError(f"{what}: not a number: {text!r}")
    if "/" in text:
        num, den = text.split("/", 1)
        n, d = _parse_text(num, what), _parse_text(den, what)
        if d == 0:
            raise InputError(f"{what}: division by zero in {text!r}")
        return n / d
    if len(text) > 4 * MAX_DIGITS:
        raise InputError(f"{what}: a number written with {len(text):,} characters (declcoal's input limit: "
                         f"{MAX_DIGITS} digits)")
    try:
        d = Decimal(text.strip())
    except (InvalidOperation, ValueError) as exc:  # pragma: no cover - regex guards this
        raise InputError(f"{what}: not a number: {text!r}") from exc
    return _from_decimal(d, what)


def is_terminating(q: Fraction) -> bool:
    """True when q has a finite decimal expansion (denominator 2^a 5^b)."""
    d = q.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def exact_text(q: Fraction) -> str:
    """Lossless short text: ``13``, ``0.8`` (terminating decimals), or ``71/3``."""
    if q.denominator == 1:
        return str(q.numerator)
    if is_terminating(q):
        return _decimal_text(q)
    return f"{q.numerator}/{q.denominator}"


def _decimal_text(q: Fraction) -> str:
    d = q.denominator
    k = 0
    while (10**k) % d:
        k += 1
    scaled = q.numerator * (10**k // d)
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(k + 1, "0")
    return f"{sign}{digits[:-k]}.{digits[-k:]}"


def fraction_text(q: Fraction) -> str:
    """The canonical exact rendering used in output: ``71/2``, ``13``, ``-4/5``."""
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def decimal_text(q: Fraction | float, places: int = 6) -> str:
    """A decimal rendering for humans, trailing zeros stripped but one kept: ``13.0``."""
    if isinstance(q, Fraction):
        value = round(q, places)
        text = f"{float(value):.{places}f}" if abs(value) < 1e15 else f"{float(value):.6g}"
    else:
        text = f"{q:.{places}f}"
    if "." in text:
        text = text.rstrip("0")
        if text.endswith("."):
            text += "0"
    if text in ("-0.0",):
        text = "0.0"
    return text


def rounded_half_up(q: Fraction, places: int) -> Fraction:
    """Round half away from zero at ``places`` decimals (how the papers round)."""
    scale = Fraction(10) ** places
    x = abs(q) * scale
    r = Fraction(math.floor(x + Fraction(1, 2)), 1) / scale
    return r if q >= 0 else -r
