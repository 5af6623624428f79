"""The dependency graph of claims and definitions, coloured by the checks.

A claim's colour is computed from check results, never typed by hand: its own
verdict, whether its check rejected every planted mutant, and the colours of
the claims it uses.  A claim that holds but uses (directly or through other
claims) a claim that fails or is undecided is marked as resting on it: its
proof is only as good as what it uses.

This module only builds Graphviz source from plain data; the Sphinx extension
(:mod:`claimcheck.sphinxext.graphpage`) gathers the verdicts and places the nodes.
"""

from __future__ import annotations

import dataclasses
import textwrap
from typing import Mapping

from ..model import FAILS, HOLDS, UNDECIDED, Claim
from ..registry import Definition

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
    """The state from a claim's own check: its status,
    or "mutant survived" if it holds but a mutant was not rejected."""
    if verdict["status"] != HOLDS:
        return verdict["status"]
    survived = any(m["status"] == HOLDS for m in verdict["mutants"])
    return MUTANT_SURVIVED if survived else HOLDS


def claim_states(claims: Mapping[str, Claim], verdicts: Mapping[str, Mapping]) -> dict[str, str]:
    """Each claim's state: its own check's, or :data:`RESTS` if it holds but uses a claim that does not.

    ``verdicts`` maps each claim name to the check data written by
    :func:`claimcheck.sphinxext.verdicts.verdict` (``status`` and ``mutants``).  The
    ``uses`` graph must be acyclic (:func:`claimcheck.check_dependencies`).
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
    """The nodes shown on one page: drawn as one graph, and as one node of the overview."""

    key: str
    title: str
    url: str = ""


#: States from worst to best: a page takes the colour of its worst claim in the overview.
_SEVERITY = (FAILS, UNDECIDED, RESTS, MUTANT_SURVIVED, HOLDS)

#: The layout measures each label in this font's metrics, and the SVG names it. Verdana is the widest
#: of the common sans-serif fonts: where it is missing, the browser's substitute (DejaVu Sans on
#: Linux) is narrower, so a label never runs past its box (with Helvetica it did, by about 14 %).
FONT = "Verdana"

_HEADER = [
    f'    node [fontname="{FONT}", fontsize="10", height="0.3", margin="0.08,0.03"];',
    '    edge [color="#78909c", arrowsize="0.6"];',
]


def _q(text: str) -> str:
    """A double-quoted DOT string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _attrs(**values: str) -> str:
    return "[" + ", ".join(f"{k}={_q(v)}" for k, v in values.items() if v != "") + "]"


def _box(node_id: str, label: str, look: Look, tooltip: str, url: str, style: str = "") -> str:
    return f"    {_q(node_id)} " + _attrs(
        label=label, shape="note" if look is DEFINITION_LOOK else "box", style=style or look.style,
        fillcolor=look.fill, color=look.border, tooltip=tooltip, URL=url, target="_top" if url else "",
    ) + ";"


def _look(name: str, states: Mapping[str, str]) -> Look:
    return LOOKS[states[name]] if name in states else DEFINITION_LOOK


def _tooltip(name: str, claims: Mapping[str, Claim], defs: Mapping[str, Definition], states) -> str:
    if name in claims:
        return f"{name}: {claims[name].title} ({LOOKS[states[name]].caption})"
    return f"{name}: {defs[name].title} (definition)"


def _edge(used: str, user: str, states: Mapping[str, str]) -> str:
    """An edge from what is used to its user, in the colour of a used claim that does not hold."""
    colour = LOOKS[states[used]].border if states.get(used) in _NOT_HOLDING else ""
    return f"    {_q(used)} -> {_q(user)}" + (f" {_attrs(color=colour)}" if colour else "") + ";"


def page_dot(
    group: Group,
    claims: Mapping[str, Claim],
    defs: Mapping[str, Definition],
    states: Mapping[str, str],
    group_of: Mapping[str, str],
    titles: Mapping[str, str],
    url_of: Mapping[str, str],
) -> str:
    """DOT source for one page: its claims and definitions, and what they use from other pages.

    Edges point from what is used to what uses it, left to right, so the
    definitions sit on the left and the results they lead to on the right.
    Nodes on this page are labelled without their prefix (the tooltip has the
    full name); a node from another page keeps its full name, its colour and a
    dotted border, and says which page shows it.  ``titles`` maps group keys
    to page titles.
    """
    members = sorted(n for n in [*defs, *claims] if group_of[n] == group.key)
    foreign = sorted({u for n in members if n in claims for u in claims[n].uses} - set(members))
    lines = [
        "digraph dependencies {",
        '    graph [rankdir="LR", nodesep="0.12", ranksep="0.4", ' + f"tooltip={_q(group.title)}];",
        *_HEADER,
    ]
    for name in members:
        lines.append(_box(name, name.split(".", 1)[-1], _look(name, states),
                          _tooltip(name, claims, defs, states), url_of.get(name, "")))
    for name in foreign:
        look = _look(name, states)
        where = titles.get(group_of[name], "no page")
        label = f"{name}\n" + textwrap.fill(f"({where})", 30, break_on_hyphens=False)
        dotted = ",".join([*(part for part in look.style.split(",") if part != "dashed"), "dotted"])
        lines.append(_box(name, label, look, f"{_tooltip(name, claims, defs, states)}, on {where}",
                          url_of.get(name, ""), style=dotted))
    for name in members:
        if name in claims:
            lines += [_edge(used, name, states) for used in claims[name].uses]
    lines.append("}")
    return "\n".join(lines) + "\n"


def worst_state(names, states: Mapping[str, str]) -> str:
    """The worst state among ``names`` (holds when there are none)."""
    present = {states[n] for n in names}
    return next(s for s in _SEVERITY if s in present or s == HOLDS)


def overview_dot(
    groups: list[Group],
    claims: Mapping[str, Claim],
    states: Mapping[str, str],
    group_of: Mapping[str, str],
    anchor_of: Mapping[str, str],
) -> str:
    """DOT source with one node per page, coloured by its worst claim, and an edge where one page uses another.

    The edge label counts the ``uses`` entries that cross between the pages;
    ``anchor_of`` maps a group key to the link of its own graph.
    """
    lines = ["digraph overview {", '    graph [rankdir="LR", nodesep="0.15", ranksep="0.5", tooltip="Pages"];',
             *_HEADER]
    for k, group in enumerate(groups):
        names = [n for n in claims if group_of[n] == group.key]
        worst = worst_state(names, states)
        held = sum(states[n] in (HOLDS, MUTANT_SURVIVED, RESTS) for n in names)  # their own checks hold
        label = textwrap.fill(group.title, 26, break_on_hyphens=False) + f"\n{held} of {len(names)} claims hold"
        lines.append(_box(f"page_{k}", label, LOOKS[worst],
                          f"{group.title}: worst claim {LOOKS[worst].caption}", anchor_of.get(group.key, "")))
    index = {g.key: k for k, g in enumerate(groups)}
    crossings: dict[tuple[int, int], int] = {}
    for name, c in claims.items():
        for used in c.uses:
            a, b = index[group_of[used]], index[group_of[name]]
            if a != b:
                crossings[a, b] = crossings.get((a, b), 0) + 1
    for (a, b), count in sorted(crossings.items()):
        lines.append(f"    page_{a} -> page_{b} " + _attrs(label=str(count), fontsize="9", fontname=FONT) + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def legend_dot(states: Mapping[str, str], definitions_count: int) -> str:
    """DOT source of the legend, in two rows: one box per state, with how many claims are in it now."""
    counts = {state: sum(s == state for s in states.values()) for state in LOOKS}
    entries = [(f"{look.caption}: {counts[state]}", look) for state, look in LOOKS.items()]
    entries.append((f"{DEFINITION_LOOK.caption}: {definitions_count}", DEFINITION_LOOK))
    lines = ["digraph legend {", '    graph [rankdir="TB", nodesep="0.15", ranksep="0.1", tooltip="Legend"];',
             *_HEADER]
    lines += [_box(f"legend_{k}", text, look, text, "") for k, (text, look) in enumerate(entries)]
    half = (len(entries) + 1) // 2
    for row in (range(half), range(half, len(entries))):
        lines.append("    { rank=\"same\"; " + "; ".join(f"legend_{k}" for k in row) + "; }")
    lines.append(f'    legend_0 -> legend_{half} [style="invis"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
