"""Every claim box's statement, and every wrong answer in it, reads as the course writes it.

:mod:`claimcheck.reading` names the mechanical signs of a statement printed in
SymPy's order rather than the author's; a claim that shows one needs a display
form (``Claim(display=...)``, proved equal to what is checked).  Each sign is
shown failing on a planted claim.
"""

import pytest
import sympy as sp

import derivations
from claimcheck import Claim, Mutant, relation
from claimcheck.display import minus, over, times, written
from claimcheck.reading import reading_problems, statement_problems

CLAIMS = derivations.all_claims()

def test_every_claim_and_wrong_answer_reads_as_written():
    bad = {name: problems for name, claim in sorted(CLAIMS.items()) if (problems := statement_problems(claim))}
    assert not bad, "statements that read unlike the course (give the claim, or the mutant, a display form):\n" + \
        "\n".join(f"{name}: {problem}" for name, problems in bad.items() for problem in problems)

a, b, c, d = sp.symbols("a b c d", real=True)
x, y = sp.MatrixSymbol("x", 2, 1), sp.MatrixSymbol("y", 2, 1)

PLANTED = {
    "parenthesis opens with a minus": relation(d * (-a - b), "=", -d * (a + b)),
    "one fraction split over a sum": relation((a + b) / 2, "=", c),
    "unit fraction trailing a parenthesis": relation(sp.Mul(a + b, sp.Rational(1, 2), evaluate=False), "=", c),
    "a factor 0 written out": relation(a, "=", a - times(b, 0)),
    "a factor 1 written out": relation(a, "=", sp.Add(c, sp.Mul(1, sp.Pow(b, -1, evaluate=False), evaluate=False),
                                                      evaluate=False)),
    "transpose taken term by term": relation(sp.Transpose(x - y).doit() * (x - y), "=", sp.ZeroMatrix(1, 1)),
}

@pytest.mark.parametrize("sign", sorted(PLANTED))
def test_each_sign_is_found_in_a_planted_claim(sign):
    claim = Claim("demo.planted", "planted", PLANTED[sign])
    assert any(p.startswith(f"statement: {sign}") for p in statement_problems(claim)), statement_problems(claim)

def test_a_display_form_clears_what_the_checked_form_shows():
    checked = relation((a + b) / 2, "=", c)
    assert statement_problems(Claim("demo.t", "t", checked))
    assert not statement_problems(Claim("demo.t", "t", checked, display=relation(over(written(a, b), 2), "=", c)))

def test_a_wrong_answer_is_read_too():
    claim = Claim("demo.t", "t", relation(d * (a + b), "=", d * a + d * b),
                  mutants=(Mutant("flipped sign", "minus", relation(d * (-a - b), "=", d * a + d * b)),))
    assert [p for p in statement_problems(claim) if p.startswith("wrong answer (flipped sign: minus): parenthesis")]
    shown = Mutant("flipped sign", "minus", relation(d * (-a - b), "=", d * a + d * b),
                   display=relation(minus(times(d, written(a, b))), "=", d * a + d * b))
    assert not statement_problems(Claim("demo.t", "t", claim.statement, mutants=(shown,)))

def test_what_is_not_a_sign():
    """Counting sums, relations to 0 or 1 and a summand of Σ are no factor or split fraction."""
    assert not reading_problems(r"\sum_{o=1}^{n} 1 = n \\ a \leq 1 \\ a - b \geq 0")
    assert not reading_problems(r"\sum_{j=1}^{n} \frac{s}{3 n} + \frac{1}{3 n} = \frac{s}{3} + \frac{1}{3 n}")
    assert not reading_problems(r"\lim_{\mu \to -\infty} f = 1")
