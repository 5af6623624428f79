"""A course's printed numbers against this build's: the values a page glued, compared by each item's rule.

MyST-NB writes the values a page glued beside its executed notebook
(``<docname>.glue.json``); :func:`compare` reads them back and asks the course
data's ``agreement`` whether each agrees with what the course printed, and
:func:`outcome_problem` says when that outcome breaks the build.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

def glued_values(app, docname: str) -> dict[str, str]:
    """The ``text/plain`` of every value glued by page ``docname`` (MyST-NB writes them beside the notebook)."""
    folder = Path(app.env.mystnb_config.output_folder)
    path = folder.joinpath(*docname.split("/")[:-1], docname.split("/")[-1] + ".glue.json")
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf8"))
    return {key: output.get("data", {}).get("text/plain", "") for key, output in data.items()}


def parse_glued(text: str):
    """A glued ``text/plain`` as a Python value (numbers, bools, tuples, strings).

    >>> parse_glued("((1.0, 2.5), (3.0, 4.0))")
    ((1.0, 2.5), (3.0, 4.0))
    >>> parse_glued("np.float64(0.5)")
    Traceback (most recent call last):
    ...
    ValueError: glued value 'np.float64(0.5)' is not a plain Python literal: glue float(x), int(x), bool(x) or tuples
    """
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise ValueError(f"glued value {text!r} is not a plain Python literal: "
                         "glue float(x), int(x), bool(x) or tuples") from None


def compare(app, docname: str, record, agreement) -> tuple[str, bool | None, str]:
    """This build's value of a printed item as text, whether it agrees with the course's, and how compared.

    ``None`` for agreement when the page glued no value (allowed only for an
    item that is not reproducible and has nothing computed in its place).
    """
    glued = glued_values(app, docname)
    if record.id not in glued:
        return "—", None, ""
    value = parse_glued(glued[record.id])
    agrees, how = agreement(record, value)
    return show(value), agrees, how


def show(value) -> str:
    if isinstance(value, bool):
        return "supports it" if value else "does not support it"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.5g}"
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v) for v in value) + ")"
    return str(value)


def outcome_problem(record, shown: str, agrees: bool | None) -> str | None:
    """Why a printed item's comparison breaks the build, or None.

    >>> class R: id, reproducible, expect = "p1-x", True, "agrees"
    >>> outcome_problem(R, "—", None)
    "printed item 'p1-x' was not glued: glue the build's value under this key"
    >>> outcome_problem(R, "3", False)
    "printed item 'p1-x' disagrees with the course, but the data expects it to agree"
    >>> outcome_problem(R, "3", True) is None
    True
    """
    if agrees is None:
        if record.reproducible:
            return f"printed item {record.id!r} was not glued: glue the build's value under this key"
        return None
    got = "agrees" if agrees else "disagrees"
    if got != record.expect:
        return f"printed item {record.id!r} {got} with the course, but the data expects it to {record.expect[:-1]}"
    return None


def shown_glue_keys(records, source: str, glued: set[str] = frozenset()) -> set[str]:
    """The glue keys that a page's ``{course-numbers}`` directives show (for the glue guard).

    Every reproducible item of the problems shown, and the items that are not reproducible when the page
    glued them (such an item may have nothing computed in its place: see :func:`compare`).
    """
    problems = set(re.findall(r"^\s*(?:`{3,}|:{3,})\{course-numbers\}\s+(\S+)", source, re.M))
    return {r.id for r in records
            if r.problem in problems and (r.reproducible or r.id in glued)}
