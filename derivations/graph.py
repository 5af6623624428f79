"""The dependency graph of claims and definitions, coloured by the checks.

A claim's colour is computed from check results, never typed by hand: its own
verdict, whether its check rejected every planted mutant, and the colours of
the claims it uses.  A claim that holds but uses (directly or through other
claims) a claim that fails or is undecided is marked as resting on it: its
proof is only as good as what it uses.

This module only builds Graphviz source from plain data; the Sphinx extension
(:mod:`derivations.sphinxext`) gathers the verdicts and places the nodes.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

from .core import FAILS, HOLDS, UNDECIDED, Claim, Definition

#: A claim that holds, but whose check let a planted mutant through.
MUTANT_SURVIVED = "mutant survived"
#: A claim that holds, but uses a claim that fails, is undecided or rests on one.
RESTS = "rests on a claim that does not hold"


@dataclasses.dataclass(frozen=True)
class Look:
    """How a node in one state is drawn, and what the legend says about it."""

    fill: str
    border: str
    style: str
    caption: str


#: Every claim state, in legend order.
LOOKS: dict[str, Look] = {
    HOLDS: Look("#c8e6c9", "#2e7d32", "filled,rounded", "holds, every mutant rejected"),
    MUTANT_SURVIVED: Look("#e1bee7", "#6a1b9a", "filled,rounded", "holds, but a planted mutant survived its check"),
    RESTS: Look("#ffe0b2", "#e65100", "filled,rounded,dashed", "holds, but uses a claim that does not hold"),
    UNDECIDED: Look("#fff59d", "#f57f17", "filled,rounded,bold", "undecided"),
    FAILS: Look("#ffcdd2", "#c62828", "filled,rounded,bold", "fails"),
}
DEFINITION_LOOK = Look("#eceff1", "#455a64", "filled", "definition (not checked)")

_NOT_HOLDING = (FAILS, UNDECIDED, RESTS)


def own_state(verdict: Mapping) -> str:
    """The state from a claim's own check: its status, or "mutant survived" if it holds but a mutant was not rejected."""
    if verdict["status"] != HOLDS:
        return verdict["status"]
    survived = any(m["status"] == HOLDS for m in verdict["mutants"])
    return MUTANT_SURVIVED if survived else HOLDS


def claim_states(claims: Mapping[str, Claim], verdicts: Mapping[str, Mapping]) -> dict[str, str]:
    """Each claim's state: its own check's, or :data:`RESTS` if it holds but uses a claim that does not.

    ``verdicts`` maps each claim name to the check data written by
    :func:`derivations.sphinxext.verdict` (``status`` and ``mutants``).  The
    ``uses`` graph must be acyclic (:func:`derivations.core.check_dependencies`).
    """
    states: dict[str, str] = {}

    def state(name: str) -> str:
        if name not in states:
            own = own_state(verdicts[name])
            used = [state(u) for u in claims[name].uses if u in claims]
            states[name] = RESTS if own in (HOLDS, MUTANT_SURVIVED) and any(
                s in _NOT_HOLDING for s in used) else own
        return states[name]

    for name in claims:
        state(name)
    return states


@dataclasses.dataclass(frozen=True)
class Group:
    """A cluster of the drawing: the nodes shown on one page."""

    key: str
    title: str
    url: str = ""


def _q(text: str) -> str:
    """A double-quoted DOT string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _attrs(**values: str) -> str:
    return "[" + ", ".join(f"{k}={_q(v)}" for k, v in values.items() if v != "") + "]"


def _node(name: str, look: Look, tooltip: str, url: str) -> str:
    return f"    {_q(name)} " + _attrs(
        label=name, shape="note" if look is DEFINITION_LOOK else "box", style=look.style,
        fillcolor=look.fill, color=look.border, tooltip=tooltip, URL=url, target="_top" if url else "",
    ) + ";"


def dependency_dot(
    claims: Mapping[str, Claim],
    defs: Mapping[str, Definition],
    states: Mapping[str, str],
    groups: list[Group],
    group_of: Mapping[str, str],
    url_of: Mapping[str, str],
) -> str:
    """DOT source: one cluster per group, one node per claim and definition, an edge from each used node to its user.

    Edges point from what is used to what uses it, left to right, so the
    definitions sit on the left and the results they lead to on the right.
    An edge leaving a claim that does not hold is drawn in that claim's colour.
    """
    lines = [
        "digraph dependencies {",
        '    graph [rankdir="LR", newrank="true", nodesep="0.12", ranksep="0.45", fontname="Helvetica", '
        'fontsize="13", tooltip="Dependency graph of the claims"];',
        '    node [fontname="Helvetica", fontsize="10", height="0.3", margin="0.08,0.03"];',
        '    edge [color="#78909c", arrowsize="0.6"];',
    ]
    for k, group in enumerate(groups):
        lines.append(f"  subgraph cluster_{k} {{")
        lines.append("    graph " + _attrs(label=group.title, tooltip=group.title, URL=group.url, target="_top" if group.url else "",
                                           style="rounded", color="#b0bec5", fontcolor="#37474f") + ";")
        for name in sorted(n for n in defs if group_of[n] == group.key):
            d = defs[name]
            lines.append(_node(name, DEFINITION_LOOK, f"{d.title} (definition)", url_of.get(name, "")))
        for name in sorted(n for n in claims if group_of[n] == group.key):
            look = LOOKS[states[name]]
            lines.append(_node(name, look, f"{claims[name].title} ({look.caption})", url_of.get(name, "")))
        lines.append("  }")
    for name in sorted(claims):
        for used in claims[name].uses:
            colour = LOOKS[states[used]].border if states.get(used) in _NOT_HOLDING else ""
            lines.append(f"    {_q(used)} -> {_q(name)}" + (f" {_attrs(color=colour)}" if colour else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def legend_dot(states: Mapping[str, str], definitions_count: int) -> str:
    """DOT source of the legend: one node per state, with how many claims are in it now."""
    counts = {state: sum(s == state for s in states.values()) for state in LOOKS}
    lines = [
        "digraph legend {",
        '    graph [rankdir="LR", nodesep="0.15", tooltip="Legend"];',
        '    node [fontname="Helvetica", fontsize="10", height="0.3"];',
    ]
    entries = [(f"{look.caption}: {counts[state]}", look) for state, look in LOOKS.items()]
    entries.append((f"{DEFINITION_LOOK.caption}: {definitions_count}", DEFINITION_LOOK))
    for k, (text, look) in enumerate(entries):
        lines.append(f"    legend_{k} " + _attrs(
            label=text, shape="note" if look is DEFINITION_LOOK else "box", style=look.style,
            fillcolor=look.fill, color=look.border) + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"
