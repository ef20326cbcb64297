"""A curator's date, as typed, to the literal the model writes (:data:`graph.model.DATE_TYPES`).

Exact dates become ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``; uncertain and approximate
ones an EDTF literal (:data:`graph.model.EDTF`): "Anfang 1924" (early 1924) is the first quarter
of 1924, ``1924-33``; "Ende 1927" the last, ``1927-36``; "um 1924" ``1924~``; seasons and halves
likewise. An EDTF form of the part the model takes can also be typed as it is.

>>> [str(to_literal(t)) for t in ("1924", "1936-09", "1941-06-22", "Anfang 1924", "Ende 1927")]
['1924', '1936-09', '1941-06-22', '1924-33', '1927-36']
>>> str(to_literal("um 1924").datatype) == EDTF, str(to_literal("Herbst 1917")), str(to_literal("1924?"))
(True, '1917-23', '1924?')
>>> to_literal("im Frühling")
Traceback (most recent call last):
...
graph.errors.InputError: 'im Frühling' is no date: write 1924, 1936-09, 1941-06-22, or Anfang 1924, Ende 1927, um 1924, Herbst 1917, 1924? (EDTF)
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from graph.errors import InputError
from graph.messages import message
from graph.model import EDTF, parse_date
from graph.namespaces import XSD

__all__ = ["to_literal"]

#: Words for a part of a year, German and English, to the EDTF sub-year code.
_PARTS = {
    "anfang": 33, "early": 33, "beginning of": 33, "ende": 36, "late": 36, "end of": 36,
    "frühjahr": 21, "frühling": 21, "spring": 21, "sommer": 22, "summer": 22,
    "herbst": 23, "autumn": 23, "fall": 23, "winter": 24,
    "erste hälfte": 40, "first half of": 40, "zweite hälfte": 41, "second half of": 41,
}
_ABOUT = ("um", "ca.", "ca", "etwa", "circa", "about", "around", "c.")
_XSD = {1: XSD.gYear, 2: XSD.gYearMonth, 3: XSD.date}


def to_literal(text: str) -> Literal:
    """The literal for a date as a curator types it (see the module); an
    :class:`~graph.errors.InputError` saying what to write when it is none."""
    typed = " ".join(text.split())
    exact = parse_date(typed)
    if exact is not None and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", typed):
        return Literal(typed, datatype=_XSD[typed.count("-") + 1])
    lowered = typed.lower()
    for word, code in sorted(_PARTS.items(), key=lambda kv: -len(kv[0])):
        m = re.fullmatch(rf"{re.escape(word)}\s+(\d{{4}})", lowered)
        if m:
            return _edtf(f"{m.group(1)}-{code}", text)
    for word in _ABOUT:
        m = re.fullmatch(rf"{re.escape(word)}\s*(\d{{4}}(?:-\d{{2}})?)", lowered)
        if m:
            return _edtf(f"{m.group(1)}~", text)
    return _edtf(typed, text)


def _edtf(form: str, typed: str) -> Literal:
    value = Literal(form, datatype=URIRef(EDTF))
    if parse_date(value) is None:
        raise InputError(message("edit.badDate", date=repr(typed)))
    return value
