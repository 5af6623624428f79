"""What a claim box shows and what the registry tells an author, pinned by the LaTeX a reader sees and the
errors an author reads (claimcheck.latex, .model, .registry, .scope, .errata, .reading)."""

import dataclasses
import sys

import pytest
import sympy as sp

from claimcheck import INSTANCE, Claim, Domain, Mutant, derivation, relation
from claimcheck.checker import check
from claimcheck.errata import Erratum
from claimcheck.latex import assumption_text, changed_hypotheses, conditions, indexed_entries, instance_text, latex
from claimcheck.model import Application, verdict_source_files, verdict_sources_digest
from claimcheck.reading import reading_problems
from claimcheck.registry import DependencyError, Registry, check_dependencies, find_cycle
from claimcheck.scope import FIXED_ONLY, INSTANCE_OF, fixed_text, scope_of, symbolic_dimensions

x = sp.Symbol("x", real=True)
u, v = sp.symbols("u v", positive=True)


def _claim(name="demo.c", **fields):
    return Claim(name, "t", fields.pop("statement", relation(x**2, ">=", 0)),
                 mutants=(Mutant("wrong constant", "-1", relation(x**2, ">=", 1)),), **fields)


# ---------------------------------------------------------------------------------------------------------
# LaTeX of statements and hypotheses


def test_a_claim_of_several_parts_shows_them_gathered_one_a_line():
    claim = Claim("demo.two", "t", (relation(x**2, ">=", 0), relation(sp.exp(x), ">", 0)))
    assert latex(claim) == "\\begin{gathered}\nx^{2} \\geq 0 \\\\\ne^{x} > 0\n\\end{gathered}"


def test_a_derivation_with_a_long_start_indents_its_steps_below_it():
    long = sp.Add(*sp.symbols("a0:40"))
    rows = latex(derivation(long, ("=", long, "same"), ("=", long, "again"))).splitlines()
    assert rows[1].startswith("&a_{0} + ") and rows[2].startswith("&\\quad= a_{0} + ")
    assert rows[3].startswith("&\\quad= a_{0} + ") and rows[3].endswith("&& \\text{(2)}")


@pytest.mark.parametrize("family", [(u, v), sp.Matrix([u, v]), sp.Array([u, v])], ids=["tuple", "matrix", "array"])
def test_a_domain_of_two_symbols_shows_one_hypothesis_with_its_size(family):
    shape = "2" if isinstance(family, tuple) else ""  # a tuple has no shape of its own to read
    claim = Claim("demo.uv", "t", relation(u * v, ">", 0), domains=(Domain(family, shape, "w"),))
    assert assumption_text(claim) == ["w \\in \\mathbb{R}_{>0}^{2}"]


def test_a_mutant_whose_symbols_leave_a_domain_shows_its_own_hypotheses_in_place_of_the_domains():
    claim = Claim("demo.uv", "t", relation(u * v, ">", 0), domains=(Domain((u, v), "2", "w"),))
    real_u, real_v = sp.symbols("u v", real=True)
    mutant = Mutant("missing hypothesis", "u, v real", relation(real_u * real_v, ">", 0))
    assert changed_hypotheses(claim, mutant) == (["w \\in \\mathbb{R}_{>0}^{2}"],
                                                 ["u \\in \\mathbb{R}", "v \\in \\mathbb{R}"])


def test_the_indexed_entries_of_a_claim_are_found_in_its_statement_and_its_substitutions():
    i, n = sp.Symbol("i", integer=True), sp.Symbol("n", integer=True, positive=True)
    X, Y = sp.IndexedBase("X", real=True), sp.IndexedBase("Y", real=True)
    y = sp.Symbol("y", real=True)
    claim = Claim("demo.s", "t", relation(sp.Sum(X[i] ** 2, (i, 1, n)) + y, ">=", y), where={y: Y[1] ** 2})
    assert indexed_entries(claim) == {X[i], Y[1]}


def test_a_parenthesis_that_opens_with_a_minus_is_quoted_up_to_its_own_closing():
    assert reading_problems(r"\left(- a\right) + \left(b\right) = c") == [
        "parenthesis opens with a minus: \\left(- a\\right)"]
    assert reading_problems(r"f(x) + (- a) = c") == ["parenthesis opens with a minus: (- a)"]
    assert reading_problems(r"(- a") == ["parenthesis opens with a minus: (- a"], "no closing: up to the end"
    long = r"\left(- " + "a + " * 20 + r"b\right)"
    assert reading_problems(long) == ["parenthesis opens with a minus: " + long[:60]], "at most 60 characters"


# ---------------------------------------------------------------------------------------------------------
# A display form that is not the checked statement fails, and says how it differs


def test_a_display_derivation_of_other_steps_fails_and_says_so():
    d = derivation((x + 1) ** 2, ("=", x**2 + 2 * x + 1, "expand"))
    longer = derivation((x + 1) ** 2, ("=", x**2 + 2 * x + 1, "expand"), ("=", x**2 + 2 * x + 1, "again"))
    assert check(Claim("demo.d", "t", d, display=longer)).failure_report() == (
        "display: not a derivation of the same steps: fails (difference nonzero) residual -1")


def test_a_display_step_with_another_relation_fails_and_names_both_relations():
    d = derivation((x + 1) ** 2, ("=", x**2 + 2 * x + 1, "expand"))
    shown = derivation((x + 1) ** 2, ("<=", x**2 + 2 * x + 1, "expand"))
    result = check(Claim("demo.d", "t", d, display=shown))
    assert result.status == "fails" and dict(result.parts)["display, step 1: <= for ="].status == "fails"


def test_a_display_relation_of_another_kind_fails_and_names_both():
    result = check(Claim("demo.r", "t", relation(x, "=", x), display=relation(x, "<=", x)))
    assert result.status == "fails"
    assert result.failure_report() == "display: LessThan for Equality: fails (difference nonzero) residual -1"


# ---------------------------------------------------------------------------------------------------------
# The fingerprint (cached verdicts) changes with everything the verdict depends on


def test_the_fingerprint_of_a_claim_without_mutants_changes_with_its_substitutions():
    y = sp.Symbol("y", real=True)
    assert (Claim("demo.w", "t", relation(x**2 + y, ">=", y), where={y: x}).fingerprint()
            != Claim("demo.w", "t", relation(x**2 + y, ">=", y), where={y: 2 * x}).fingerprint())


def test_the_fingerprint_changes_with_the_substitutions_the_pattern_and_the_mutants_statements():
    y = sp.Symbol("y", real=True)
    base = _claim(statement=relation(x**2 + y, ">=", y), where={y: x})
    assert base.fingerprint() != _claim(statement=relation(x**2 + y, ">=", y), where={y: 2 * x}).fingerprint()
    assert base.fingerprint() != _claim(statement=relation(x**2 + y, ">=", y), where={y: x},
                                        pattern=relation(x, "=", x)).fingerprint()
    other_mutant = Claim(base.name, base.title, base.statement, where=base.where,
                         mutants=(Mutant("wrong constant", "-1", relation(x**2, ">=", 2)),))
    assert base.fingerprint() != other_mutant.fingerprint()


# ---------------------------------------------------------------------------------------------------------
# The registry's errors name the claim, its module and what to do


def test_an_unknown_claim_in_uses_names_the_claims_module_or_says_it_is_unknown():
    claims = {"demo.a": _claim("demo.a", uses=("demo.b",))}
    with pytest.raises(DependencyError, match=r"^claim 'demo\.a' \(unknown module\) uses 'demo\.b', which is no "
                                              r"registered claim; fix the name, or register it \(@claim\)$"):
        check_dependencies(claims, {})
    claims = {"demo.a": _claim("demo.a", uses=("def.b",), source=("derivations.demo", 3))}
    with pytest.raises(DependencyError, match=r"^claim 'demo\.a' \(derivations\.demo\) uses 'def\.b', which is "
                                              r"no registered definition; .* \(definition\(\.\.\.\)\)$"):
        check_dependencies(claims, {})


def test_an_unknown_general_claim_names_the_instances_module_or_says_it_is_unknown():
    with pytest.raises(DependencyError, match=r"^claim 'demo\.a' \(unknown module\) is an instance of 'demo\.g'"):
        check_dependencies({"demo.a": _claim("demo.a", instance_of="demo.g")}, {})


def test_a_rule_applied_with_another_pattern_than_its_own_is_an_error():
    A, B = sp.symbols("A B")
    rule = _claim("demo.rule", pattern=relation(A * B, "=", B * A))
    step = derivation(x * 2, ("=", 2 * x, "commute", Application("demo.rule", relation(A + B, "=", B + A), {})))
    claims = {"demo.rule": rule, "demo.use": _claim("demo.use", statement=step, uses=("demo.rule",))}
    with pytest.raises(DependencyError, match="with a pattern that is not the rule claim's own"):
        check_dependencies(claims, {})


def test_a_definition_keeps_its_title_label_and_module_and_a_second_registration_names_both_modules():
    book = Registry()
    book.definition("def.demo", "a demo definition", label="def-demo", module="derivations.one")
    demo = book.definitions()["def.demo"]
    assert (demo.name, demo.title, demo.label, demo.module) == ("def.demo", "a demo definition", "def-demo",
                                                                "derivations.one")
    with pytest.raises(ValueError, match=r"^definition 'def\.demo' is registered twice \(first in derivations\.one, "
                                         r"again in derivations\.two\)$"):
        book.definition("def.demo", "again", module="derivations.two")
    with pytest.raises(ValueError, match=r"^definition 'demo' must be named def\.<something>$"):
        book.definition("demo", "no prefix")
    name = book.definition("def.plain", "stated on no page")
    plain = book.definitions()[name]
    assert plain.label == "" and plain.module in sys.modules  # the module that registered it


def test_an_erratum_keeps_the_tests_that_check_it_and_its_problem():
    book = Registry()
    entry = book.erratum("Code §2", "off by one", "fixed", checked_by=["tests/test_x.py::test_y"], kind="code",
                         problem="p2")
    assert (entry.shown_by, entry.checked_by, entry.kind, entry.problem) == ((), ("tests/test_x.py::test_y",), "code",
                                                                              "p2")
    assert book.erratum("Notes §1", "says 2", "it is 3", shown_by=("demo.three",)).problem == ""


def test_an_erratum_is_recorded_as_said_and_is_a_mathematical_error_unless_told():
    book = Registry()
    entry = book.erratum("Notes §1", "says 2", "it is 3", shown_by=("demo.three",))
    assert book.errata() == [entry]
    assert (entry.where, entry.says, entry.correction, entry.kind) == ("Notes §1", "says 2", "it is 3", "math")


def test_an_erratum_backed_by_nothing_is_refused_naming_where_it_is():
    with pytest.raises(ValueError, match=r"^erratum 'Notes §1' is backed by no claim \(shown_by\) and no test"):
        Erratum("Notes §1", "says 2", "it is 3", shown_by=())


# ---------------------------------------------------------------------------------------------------------
# Scope


def test_an_instance_is_covered_only_by_a_general_claim_that_holds():
    instance = _claim("demo.i", instance_of="demo.g", fixed={"d": 2})
    assert scope_of(instance) == INSTANCE_OF
    assert scope_of(instance, {"demo.g": True}) == INSTANCE_OF
    assert scope_of(instance, {"demo.g": False}) == scope_of(instance, {}) == FIXED_ONLY


def test_a_start_of_half_a_line_stays_on_the_first_row_and_a_longer_one_gets_a_row_of_its_own():
    half = sp.Symbol("a" * 90)  # \mathrm{a…a} and a space: ONE_LINE_MAX // 2 characters
    assert latex(derivation(half, ("=", half, "same"))).splitlines()[1].startswith("\\mathrm{a")
    longer = sp.Symbol("a" * 91)
    assert latex(derivation(longer, ("=", longer, "same"))).splitlines()[1].startswith("&\\mathrm{a")


def test_a_matrix_symbol_shown_whole_is_a_real_matrix_of_its_shape_and_a_domain_of_nothing_is_an_error():
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    trace = relation(sp.Trace(A.T), "=", sp.Trace(A))
    assert assumption_text(Claim("demo.tr", "t", trace, domains=(Domain(A),)))[0] == "A \\in \\mathbb{R}^{n \\times n}"
    with pytest.raises(ValueError, match="domain of B covers none of its symbols"):
        assumption_text(Claim("demo.tr", "t", trace, domains=(Domain(B),)))
    C = sp.MatrixSymbol("C", 2, 2)  # given by numbers: no symbol of the claim is C's
    given = Claim("demo.tr2", "t", relation(sp.Trace(C.T), "=", sp.Trace(C)),
                  where={C: sp.ImmutableMatrix([[1, 2], [3, 4]])}, domains=(Domain(C),))
    with pytest.raises(ValueError, match="domain of C covers none of its symbols"):
        assumption_text(given)


def test_a_cycle_is_found_wherever_it_is_in_the_graph():
    assert find_cycle({"a": ["b"], "b": [], "c": ["d"], "d": ["c"]}) == ["c", "d", "c"]
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["b"]}) == ["b", "c", "b"]
    assert find_cycle({"a": ["b"]}) == []  # b has no edges of its own


def test_every_applied_step_is_checked_against_uses_and_a_rule_needs_a_pattern():
    A, B = sp.symbols("A B")
    rule = _claim("demo.rule", pattern=relation(A * B, "=", B * A))
    applied = ("=", 2 * x, "commute", Application("demo.rule", rule.pattern, {}))
    step = derivation(x + x, ("=", x * 2, "add"), applied)
    with pytest.raises(DependencyError, match="^claim 'demo.use' applies 'demo.rule' by substitution: it must list"):
        check_dependencies({"demo.rule": rule, "demo.use": _claim("demo.use", statement=step)}, {})
    no_pattern = _claim("demo.rule")
    with pytest.raises(DependencyError, match="must be a registered claim with a pattern"):
        check_dependencies({"demo.rule": no_pattern,
                            "demo.use": _claim("demo.use", statement=step, uses=("demo.rule",))}, {})


def test_an_unknown_general_claim_names_the_module_of_the_instance():
    instance = _claim("demo.a", instance_of="demo.g", source=("derivations.demo", 3))
    with pytest.raises(DependencyError, match=r"^claim 'demo\.a' \(derivations\.demo\) is an instance of 'demo\.g'"):
        check_dependencies({"demo.a": instance}, {})


def test_a_failed_claims_report_names_each_failing_part_with_its_detail_and_residual():
    result = check(Claim("demo.f", "t", relation((x + 1) ** 2, "=", x**2 + 1)))
    assert result.failure_report().startswith("statement: fails (difference nonzero at x=")
    assert result.failure_report().endswith(") residual 2*x")
    data = result.parts[0][1].as_data()
    assert (data["status"], data["residual"], data["residual_tex"]) == ("fails", "2*x", "2 x")
    assert data["detail"] == result.parts[0][1].detail
    assert data["counterexample_tex"].startswith("x = ") and data["sides_tex"].startswith(r"\text{left side} = ")


def test_a_mutant_of_a_step_changes_only_what_it_names():
    chain = derivation(x * (x + 1), ("=", x**2 + x, "expand"), ("<=", x**2 + x + 1, "add 1"))
    strict = chain.with_step(2, rel="<")
    assert [(s.rel, s.expr, s.reason) for s in strict.steps] == [("=", x**2 + x, "expand"),
                                                                 ("<", x**2 + x + 1, "add 1")]
    other = chain.with_step(1, expr=x**2)
    assert [(s.rel, s.expr) for s in other.steps] == [("=", x**2), ("<=", x**2 + x + 1)]


def test_a_display_form_of_some_parts_shows_the_others_as_checked_and_must_have_as_many_parts():
    parts = (relation(x**2, ">=", 0), relation(x**2 + 1, ">", 0))
    shown = relation(sp.Add(1, x**2, evaluate=False), ">", 0)
    claim = Claim("demo.t", "t", parts, display=(None, shown))
    assert claim.shown() == (parts[0], shown)
    assert [label for label, _ in claim.display_parts()] == ["display, left side (part 2)",
                                                             "display, right side (part 2)"]
    assert check(claim).holds
    short = check(Claim("demo.t", "t", parts, display=(parts[0],)))
    assert dict(short.parts)["display: not as many parts as the statement"].status == "fails"


def test_a_mutant_keeps_the_display_form_only_where_it_leaves_the_statement_alone():
    wrong = Mutant("wrong constant", "2", relation(x**2, ">=", 2))
    shown = relation(sp.Add(1, x**2, evaluate=False), ">", 0)
    claim = Claim("demo.d", "t", relation(x**2 + 1, ">", 0), display=shown, mutants=(wrong,))
    assert claim.mutant(wrong).display is None
    assert claim.mutant(Mutant("missing hypothesis", "x = 1", where={x: 1})).display == shown
    planted = relation(x**2, ">", 0)
    assert claim.mutant(Mutant("wrong constant", "display", display=planted)).display == planted


def test_an_exact_instance_names_its_values_and_a_declared_matrix_is_not_shown_again_as_its_entries():
    n, m = sp.symbols("n m", integer=True, positive=True)
    instance = Claim("demo.i", "t", relation(n * m, "=", 6), instance={n: 3, m: 2}, method=INSTANCE, why_method="w")
    assert instance_text(instance) == "n = 3, m = 2"
    assert instance_text(Claim("demo.i", "t", relation(n * m, "=", 6))) == ""
    A, (a1, a2), y = sp.MatrixSymbol("A", 2, 1), sp.symbols("a1 a2", positive=True), sp.Symbol("y", real=True)
    claim = Claim("demo.c", "t", relation((A.T * A)[0, 0] + y, ">", y), where={A: sp.ImmutableMatrix([a1, a2]),
                  y: a1 - a2}, hypotheses=("y is a gap",), domains=(Domain(A, shown="A"),))
    assert conditions(claim) == ["A \\in \\mathbb{R}_{>0}^{2}", "y \\in \\mathbb{R}", "y = a_{1} - a_{2}", "y is a gap"]


def test_the_fingerprint_changes_with_the_method_the_instance_the_display_and_the_rules_applied():
    n = sp.Symbol("n", integer=True, positive=True)
    base = _claim(statement=relation(n**2, ">=", n))
    assert base.fingerprint() == _claim(statement=relation(n**2, ">=", n)).fingerprint()
    others = [_claim(statement=relation(n**2, ">=", n), method=INSTANCE, why_method="w"),
              _claim(statement=relation(n**2, ">=", n), method=INSTANCE, why_method="w", instance={n: 2}),
              _claim(statement=relation(n**2, ">=", n), display=relation(n * n, ">=", n))]
    assert len({base.fingerprint(), *(c.fingerprint() for c in others)}) == 4
    A, B = sp.symbols("A B")
    rule = relation(A * B, "=", B * A)
    applied = [_claim(statement=derivation(2 * x, ("=", x * 2, "commute", Application("r", rule, given))))
               for given in ({A: 2, B: x}, {A: x, B: 2})]
    assert applied[0].fingerprint() != applied[1].fingerprint()


def test_the_sources_of_a_verdict_are_its_python_files_not_their_caches(tmp_path):
    (tmp_path / "checker" / "__pycache__").mkdir(parents=True)
    for name in ("checker/a.py", "checker/__pycache__/a.cpython-311.py", "model.py", "checker/notes.txt"):
        (tmp_path / name).write_text("x = 1\n")
    files = verdict_source_files((tmp_path / "checker", tmp_path / "model.py"))
    assert files == [tmp_path / "checker" / "a.py", tmp_path / "model.py"]
    # Each digest is read once per process (cached by its sources): the second is asked by the folder.
    before = verdict_sources_digest((tmp_path / "checker" / "a.py", tmp_path / "model.py"))
    (tmp_path / "checker" / "a.py").write_text("x = 2\n")
    assert verdict_sources_digest((tmp_path / "checker", tmp_path / "model.py")) != before


def test_a_part_the_author_wrote_is_shown_as_written_even_where_it_is_the_checked_object_itself():
    a, b, c = sp.symbols("a b c")
    written = relation(sp.Add(b, a, evaluate=False), "=", c)
    claim = Claim("demo.t", "t", (written, relation(c, "=", c)), display=(written, None))
    assert latex(claim) == "\\begin{gathered}\nb + a = c \\\\\nc = c\n\\end{gathered}"


def test_the_hypotheses_of_a_claim_refuse_a_domain_of_nothing():
    with pytest.raises(ValueError, match="covers none of its symbols"):
        conditions(Claim("demo.u", "t", relation(u, ">", 0), domains=(Domain(sp.IndexedBase("q"), "n"),)))


def test_the_fingerprint_changes_with_the_statement_and_a_report_lists_every_failing_part():
    assert _claim(statement=relation(x**2, ">=", 0)).fingerprint() != _claim(
        statement=relation(x**4, ">=", 0)).fingerprint()
    result = check(Claim("demo.two", "t", (relation(x**2, ">=", 1), relation(x, "=", x + 1))))
    first, second = result.failure_report().split("; ")
    assert first.startswith("part 1: fails (gap -") and second.startswith("part 2: fails (difference nonzero")


def test_the_reading_list_with_bad_lists_only_the_claims_that_read_badly(monkeypatch, capsys):
    import claimcheck.registry
    from claimcheck.reading import main

    a, b, c = sp.symbols("a b c")
    book = Registry()
    for name, statement in (("demo.good", relation(a + b, "=", c)), ("demo.split", relation(a / 2 + b / 2, "=", c))):
        book.claim(lambda n=name, s=statement: Claim(n, "t", s, mutants=(Mutant("wrong constant", "c", s),)))
    monkeypatch.setattr(claimcheck.registry, "REGISTRY", book)
    assert main(["claimcheck", "--bad"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("== demo.split: t\n") and "!! statement: one fraction split over a sum" in out
    assert "demo.good" not in out and out.endswith("\n1 of 2 claims read badly\n")
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for phrase in ("the package that registers the claims (derivations)", "list only claims whose names start so",
                   "list only claims with a sign of bad reading"):
        assert f" {phrase} " in f" {shown} ", phrase  # each option's help, whole
    assert "List every claim of a registry" in shown and shown.startswith("usage: python -m claimcheck.reading")


def test_a_sum_whose_limits_end_the_text_reads_well():
    assert reading_problems(r"s = \sum_{i=1}^{n}") == []


def test_a_summand_after_limits_without_braces_is_no_term_of_a_sum_and_a_factor_1_is_quoted():
    assert reading_problems(r"\sum_i^n \frac{a}{2} + \frac{b}{2}") == []
    assert reading_problems(r"y = 1 \frac{1}{n} x") == ["a factor 1 written out: 1 \\frac{1}{n} "]


def test_the_reading_list_marks_a_display_form_and_a_claim_registered_twice_names_the_second_module(monkeypatch,
                                                                                                      capsys):
    import claimcheck.registry
    from claimcheck.reading import main

    a, b = sp.symbols("a b")
    book = Registry()

    def shown():
        return Claim("demo.shown", "t", relation(a + b, "=", b + a), display=relation(sp.Add(b, a, evaluate=False),
                     "=", b + a), mutants=(Mutant("wrong constant", "c", relation(a + b, "=", a)),))

    book.claim(shown)
    with pytest.raises(ValueError, match=rf"^claim 'demo\.shown' is registered twice \(second time in {__name__}\)$"):
        book.claim(shown)
    monkeypatch.setattr(claimcheck.registry, "REGISTRY", book)
    main(["claimcheck"])
    assert capsys.readouterr().out.startswith("== demo.shown (display form): t\n")


def test_the_sizes_a_claim_fixes_are_listed_as_written():
    assert fixed_text(_claim(fixed={"d": 2, "L": 3})) == "d = 2, L = 3"


def test_a_mutant_that_leaves_one_domain_keeps_the_others():
    p, q, r = sp.symbols("p q r", positive=True)
    claim = Claim("demo.two", "t", relation(p * q * r, ">", 0),
                  domains=(Domain((p,), "1", "s"), Domain((q, r), "2", "t")))
    real_p = sp.Symbol("p", real=True)
    assert changed_hypotheses(claim, Mutant("missing hypothesis", "p real", relation(real_p * q * r, ">", 0))) == (
        ["s \\in \\mathbb{R}_{>0}^{1}"], ["p \\in \\mathbb{R}"])


def test_a_nonnegative_integer_is_in_the_naturals_with_zero_and_a_factor_after_a_relation_is_still_found():
    m = sp.Symbol("m", integer=True, nonnegative=True)
    assert assumption_text(Claim("demo.m", "t", relation(m, ">=", 0))) == ["m \\in \\mathbb{Z}_{\\ge 0}"]
    assert reading_problems(r"a \le 1 = \alpha 0 = 0") == ["a factor 0 written out: a \\le 1 = \\alpha 0"]


def test_an_unknown_claim_lists_the_known_ones_and_the_dimensions_of_every_matrix_are_read():
    book = Registry()
    for name in ("demo.a", "demo.b"):
        book.claim(lambda n=name: _claim(n))
    with pytest.raises(KeyError, match="no claim named 'demo.c'; known claims: demo.a, demo.b"):
        book.get("demo.c")
    n, m = sp.symbols("n m", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", m, m)
    assert symbolic_dimensions(Claim("demo.t", "t", relation(sp.Trace(A) + sp.Trace(B), "=", sp.Trace(B) + sp.Trace(A)))
                               ) == ("m", "n")


def test_a_claim_keeps_its_factorys_docstring_and_a_method_other_than_a_proof_must_say_why():
    a = sp.Symbol("a")
    book = Registry()
    planted = (Mutant("wrong constant", "2a", relation(a, "=", 2 * a)),)

    def documented():
        """Says what it proves."""
        return Claim("demo.doc", "t", relation(a, "=", a), mutants=planted)

    book.claim(documented)
    book.claim(lambda: Claim("demo.bare", "t", relation(a, "=", a), mutants=planted))
    assert book.get("demo.doc").doc == "Says what it proves." and book.get("demo.bare").doc == ""
    with pytest.raises(ValueError, match=r"^claim 'demo\.spot' uses 'numeric spot check' and must say why in "
                                         r"why_method$"):
        book.claim(lambda: Claim("demo.spot", "t", relation(a, "=", a), method="numeric spot check", mutants=planted))
    book.claim(lambda: Claim("demo.why", "t", relation(a, "=", a), method="numeric spot check", mutants=planted,
                             why_method="SymPy cannot normalise it"))
    with pytest.raises(ValueError, match=r"^claim 'demo\.odd': unknown method 'guess'; use one of \('symbolic proof', "
                                         r"'exact instance', 'numeric spot check'\)$"):
        book.claim(lambda: Claim("demo.odd", "t", relation(a, "=", a), method="guess", mutants=planted))


def test_a_fingerprint_reads_every_substitution_and_rule_in_any_order_and_changes_with_each():
    a, b, c = sp.symbols("a b c", positive=True)
    rule = Application("rules.demo", relation(a, "=", a), {a: b})
    other_rule = Application("rules.demo", relation(b, "=", b), {a: b})
    chain = derivation(a + b, ("=", b + a, "commute", rule))

    def claim(where, planted_where, by=rule, instance=None):
        step = derivation(a + b, ("=", b + a, "commute", by))
        return Claim("demo.fp", "t", chain, where=where, instance=instance or {},
                     mutants=(Mutant("wrong constant", "c", step, where=planted_where),))

    base = claim({a: 1, b: 2}, {a: 3, b: 4})
    assert base.fingerprint() == claim({b: 2, a: 1}, {b: 4, a: 3}).fingerprint(), "the order of a dict is no change"
    assert Claim("demo.fp", "t", relation(a, "=", a), instance={a: 1, b: 2}, mutants=base.mutants).fingerprint() == \
        Claim("demo.fp", "t", relation(a, "=", a), instance={b: 2, a: 1}, mutants=base.mutants).fingerprint()
    changed = [claim({a: 1, b: 2}, {a: 3, b: 5}),  # a mutant's substitution
               claim({a: 1, b: 2}, {a: 3, b: 4}, by=other_rule),  # the rule a mutant's step applies
               dataclasses.replace(base, statement=derivation(a + b, ("=", b + a, "commute", other_rule)))]
    assert len({base.fingerprint(), *(c.fingerprint() for c in changed)}) == 4


def test_a_mutant_that_changes_a_step_keeps_the_rule_the_step_applies():
    a, b = sp.symbols("a b")
    rule = Application("rules.demo", relation(a, "=", a), {a: b})
    chain = derivation(a + b, ("=", b + a, "commute", rule))
    assert chain.with_step(1, expr=b + 2 * a).applications() == [rule]
    assert chain.with_step(1, rel="<=").steps[0].rel == "<=" and chain.with_step(1, rel="<=").applications() == [rule]


def test_a_statement_of_parts_shows_each_parts_display_form_where_it_has_one():
    a, b = sp.symbols("a b")
    parts = (relation(a**2 - 1, "=", (a - 1) * (a + 1)), relation(2 * a, "=", a + a))
    shown = (relation((a - 1) * (a + 1), "=", a**2 - 1), None)
    claim = Claim("demo.parts", "t", parts, display=shown)
    assert claim.shown() == (shown[0], parts[1])


def test_a_results_data_names_each_field_as_the_pages_read_it():
    verdict = check(Claim("demo.sq", "t", relation(sp.Symbol("a") ** 2, "=", sp.Symbol("a") ** 2)))
    data = verdict.parts[0][1].as_data()
    assert set(data) == {"status", "method", "seconds", "residual", "detail", "residual_tex", "counterexample_tex",
                         "sides_tex"}
    assert (data["status"], data["method"]) == ("holds", "symbolic proof")
