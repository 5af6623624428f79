"""Claims' ``uses``: unknown names and cycles are rejected, and the graph's colours come from the checks."""

import re
import subprocess
import sysconfig
from pathlib import Path

import pytest
import sympy as sp

import derivations
import claimcheck
from claimcheck.sphinxext import graph

ROOT = Path(__file__).resolve().parent.parent
#: The layout program that conf.py gives Sphinx (graphviz-pure, from the lock).
GRAPHVIZ_DOT = str(Path(sysconfig.get_path("scripts")) / "graphviz-pure")
x = sp.Symbol("x", real=True)


def _claim(name, *uses):
    return claimcheck.Claim(name, name, claimcheck.relation(x, "=", x), uses=tuple(uses),
                      mutants=(claimcheck.Mutant("wrong constant", "-", claimcheck.relation(x, "=", x + 1)),))


def _defs(*names):
    return {n: claimcheck.Definition(n, n) for n in names}


def _claims(*claims):
    return {c.name: c for c in claims}


def test_unknown_claim_in_uses_is_rejected_naming_the_claim():
    claims = _claims(_claim("t.a"), _claim("t.b", "t.a", "t.missing"))
    with pytest.raises(claimcheck.DependencyError,
                       match=r"claim 't.b' .*uses 't.missing', which is no registered claim"):
        claimcheck.check_dependencies(claims, {})


def test_unknown_definition_in_uses_is_rejected_naming_the_claim():
    claims = _claims(_claim("t.a", "def.known"), _claim("t.b", "def.unknown"))
    with pytest.raises(claimcheck.DependencyError,
                       match=r"claim 't.b' .*'def.unknown', which is no registered definition"):
        claimcheck.check_dependencies(claims, _defs("def.known"))


def test_a_cycle_is_rejected_with_its_path():
    claims = _claims(_claim("t.a", "t.c"), _claim("t.b", "t.a"), _claim("t.c", "t.b"), _claim("t.d", "t.a"))
    with pytest.raises(claimcheck.DependencyError, match=r"claim 't.a' depends on itself: t.a -> t.c -> t.b -> t.a"):
        claimcheck.check_dependencies(claims, {})


def test_a_claim_using_itself_is_a_cycle():
    with pytest.raises(claimcheck.DependencyError, match=r"'t.a' depends on itself: t.a -> t.a"):
        claimcheck.check_dependencies(_claims(_claim("t.a", "t.a")), {})


def test_an_acyclic_graph_with_shared_dependencies_passes():
    claims = _claims(_claim("t.a", "def.d"), _claim("t.b", "t.a"), _claim("t.c", "t.a", "t.b", "def.d"))
    claimcheck.check_dependencies(claims, _defs("def.d"))


def test_a_name_that_is_both_claim_and_definition_is_rejected():
    with pytest.raises(claimcheck.DependencyError, match="both as a claim and as a definition"):
        claimcheck.check_dependencies(_claims(_claim("def.x")), _defs("def.x"))


def test_definitions_are_named_def_and_registered_once():
    with pytest.raises(ValueError, match="must be named def.<something>"):
        claimcheck.definition("lse", "log-sum-exp")
    with pytest.raises(ValueError, match="'def.lse' is registered twice"):
        claimcheck.definition("def.lse", "log-sum-exp again")


def test_the_registry_passes_and_every_node_has_an_edge():
    claims, defs = derivations.all_claims(), derivations.all_definitions()
    claimcheck.check_dependencies(claims, defs)
    used = {u for c in claims.values() for u in c.uses}
    assert not set(defs) - used, f"definitions no claim uses: {sorted(set(defs) - used)}"
    lonely = sorted(n for n, c in claims.items() if not c.uses and n not in used)
    assert not lonely, f"claims that use nothing and that nothing uses: {lonely}"


def test_definition_labels_exist_on_the_pages():
    labels = {m for page in (ROOT / "docs").rglob("*.md")
              for m in re.findall(r"^:label: (\S+)", page.read_text(), re.M)}
    for name, d in derivations.all_definitions().items():
        assert not d.label or d.label in labels, f"definition {name!r}: no block labelled {d.label!r} in docs/"


# --------------------------------------------------------------------------
# Colours from verdicts


def _verdict(status, mutant_statuses=(claimcheck.FAILS,)):
    return {"status": status, "mutants": [{"status": s} for s in mutant_statuses]}


def _dependants(claims, root):
    """Every claim that uses ``root``, directly or through other claims."""
    found, frontier = set(), {root}
    while frontier:
        frontier = {n for n, c in claims.items() if set(c.uses) & frontier} - found
        found |= frontier
    return found


def _draw(claims, verdicts):
    defs = derivations.all_definitions()
    states = graph.claim_states(claims, verdicts)
    group_of = {n: "all" for n in [*claims, *defs]}
    return states, graph.page_dot(graph.Group("all", "all"), claims, defs, states, group_of, {"all": "all"}, {})


def _fill(dot, name):
    match = re.search(rf'^\s*"{re.escape(name)}" \[.*fillcolor="([^"]+)"', dot, re.M)
    assert match, f"no node {name!r} in the DOT source"
    return match.group(1)


def test_a_failing_claim_turns_red_and_its_dependants_rest_on_it():
    claims = derivations.all_claims()
    verdicts = {n: _verdict(claimcheck.HOLDS) for n in claims}
    verdicts["softmax.term_bound"] = _verdict(claimcheck.FAILS)
    states, dot = _draw(claims, verdicts)
    dependants = _dependants(claims, "softmax.term_bound")
    assert dependants >= {"softmax.upper_bound", "softmax.lower_bound", "softmax.limit", "softmax.squeeze",
                          "softmax.gradient_limit"}
    assert _fill(dot, "softmax.term_bound") == graph.LOOKS[claimcheck.FAILS].fill
    for name in dependants:
        assert states[name] == graph.RESTS and _fill(dot, name) == graph.LOOKS[graph.RESTS].fill, name
    for name in set(claims) - dependants - {"softmax.term_bound"}:
        assert _fill(dot, name) == graph.LOOKS[claimcheck.HOLDS].fill, name
    edge = rf'"softmax.term_bound" -> "softmax.upper_bound" \[color="{graph.LOOKS[claimcheck.FAILS].border}"\]'
    assert re.search(edge, dot)


def test_undecided_propagates_but_a_surviving_mutant_does_not():
    claims = derivations.all_claims()
    verdicts = {n: _verdict(claimcheck.HOLDS) for n in claims}
    verdicts["kl.log_gap_integral"] = _verdict(claimcheck.UNDECIDED)
    verdicts["init.uniform_moments"] = _verdict(claimcheck.HOLDS, (claimcheck.FAILS, claimcheck.HOLDS))
    states = graph.claim_states(claims, verdicts)
    assert states["kl.log_gap_integral"] == claimcheck.UNDECIDED and states["kl.pointwise_gap"] == graph.RESTS
    assert states["init.uniform_moments"] == graph.MUTANT_SURVIVED and states["init.layer_moments"] == claimcheck.HOLDS


def test_a_failing_claim_keeps_its_own_colour_below_another_failure():
    claims = _claims(_claim("t.a"), _claim("t.b", "t.a"))
    states = graph.claim_states(claims, {"t.a": _verdict(claimcheck.FAILS), "t.b": _verdict(claimcheck.UNDECIDED)})
    assert states == {"t.a": claimcheck.FAILS, "t.b": claimcheck.UNDECIDED}


def test_other_pages_show_a_failing_dependency_and_the_overview_turns_red():
    claims = _claims(_claim("t.a"), _claim("t.b", "t.a", "def.d"), _claim("t.c"))
    defs = _defs("def.d")
    group_of = {"t.a": "p1", "def.d": "p1", "t.b": "p2", "t.c": "p3"}
    groups = [graph.Group(k, f"Page {k}") for k in ("p1", "p2", "p3")]
    titles = {g.key: g.title for g in groups}
    states = graph.claim_states(claims, {"t.a": _verdict(claimcheck.FAILS), "t.b": _verdict(claimcheck.HOLDS),
                                         "t.c": _verdict(claimcheck.HOLDS)})
    page2 = graph.page_dot(groups[1], claims, defs, states, group_of, titles, {})
    assert _fill(page2, "t.a") == graph.LOOKS[claimcheck.FAILS].fill and "t.a\\n(Page p1)" in page2
    assert _fill(page2, "t.b") == graph.LOOKS[graph.RESTS].fill
    overview = graph.overview_dot(groups, claims, states, group_of, {})
    assert _fill(overview, "page_0") == graph.LOOKS[claimcheck.FAILS].fill
    assert _fill(overview, "page_1") == graph.LOOKS[graph.RESTS].fill
    assert _fill(overview, "page_2") == graph.LOOKS[claimcheck.HOLDS].fill
    assert re.search(r'page_0 -> page_1 \[label="2"', overview), "t.b uses t.a and def.d from page p1"


def test_the_rendered_svg_carries_the_colour_and_the_link():
    claims = _claims(_claim("t.a"), _claim("t.b", "t.a", "def.d"))
    defs = _defs("def.d")
    states = graph.claim_states(claims, {"t.a": _verdict(claimcheck.FAILS), "t.b": _verdict(claimcheck.HOLDS)})
    dot = graph.page_dot(graph.Group("p", "Page", "page.html"), claims, defs, states,
                         {"t.a": "p", "t.b": "p", "def.d": "p"}, {"p": "Page"}, {"t.a": "page.html#claim-t-a"})
    svg = subprocess.run([GRAPHVIZ_DOT, "-Tsvg"], input=dot, capture_output=True, text=True, check=True).stdout
    node_a, node_b = _svg_node(svg, "t.a"), _svg_node(svg, "t.b")
    assert graph.LOOKS[claimcheck.FAILS].fill in node_a and 'xlink:href="page.html#claim-t-a"' in node_a
    assert graph.LOOKS[graph.RESTS].fill in node_b and "xlink:href" not in node_b


def _svg_node(svg, name):
    """The SVG group that Graphviz drew for node ``name``."""
    start = svg.index(f"<title>{name}</title>")
    return svg[start:svg.index("</g>", start)]
