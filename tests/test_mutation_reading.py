"""``python -m claimcheck.reading``: the list of the book's claims as printed, with what reads badly in them."""

import derivations  # registers the book's claims
from claimcheck.latex import latex
from claimcheck.reading import main
from claimcheck.registry import REGISTRY


def test_the_reading_list_prints_the_claims_asked_for_with_their_statements_and_counts_the_bad_ones(capsys):
    assert main(["derivations", "softmax.shift"]) == 0
    out = capsys.readouterr().out
    shift = derivations.get("softmax.shift")
    assert out == (f"== softmax.shift{' (display form)' if shift.display is not None else ''}: {shift.title}\n"
                   f"{latex(shift)}\n"
                   f"0 of {len(REGISTRY.claims())} claims read badly\n")
    assert main(["derivations", "softmax.shift", "--bad"]) == 0  # it reads well: only the count
    assert capsys.readouterr().out == f"0 of {len(REGISTRY.claims())} claims read badly\n"
