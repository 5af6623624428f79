"""The answer boxes' checker (claimcheck.answers), in CPython, on every box of the book.

Each ``{answer-box}`` of the pages is found in its page's source; its key is built from the claim as the build
builds it, sent through JSON as the page sends it to the browser, and then:
the right answer as a reader types it (the box's ``:right:``) must be proved right; each planted error, typed,
must be named; an unrelated answer must fail (with a point where the answer has symbols); a syntax error must be
reported with its position.  The browser runs the same function (tests/browser/test_answer_boxes.py).
"""

import ast
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import derivations
from answerruntime.__main__ import NOT_IN_CORE, engine_core
from claimcheck.answers import FAILS, HOLDS, PLANTED, UNREADABLE, AnswerKey, answer_key, check_answer, typed

ROOT = Path(__file__).resolve().parents[1]
BOX = re.compile(r"^```\{answer-box\} (\S+)\n((?::\w+:.*\n)*)", re.MULTILINE)


def boxes():
    """Every answer box of the pages: (page, claim, part, side, right answer as typed)."""
    found = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for match in BOX.finditer(page.read_text()):
            options = dict(re.findall(r"^:(\w+): (.*)$", match.group(2), re.MULTILINE))
            found.append(pytest.param(match.group(1), int(options.get("part", 1)), options.get("side", "rhs"),
                                      options["right"], id=f"{page.stem}:{match.group(1)}:{options.get('part', 1)}"))
    return found


BOXES = boxes()


def key_as_in_the_browser(name, part, side) -> AnswerKey:
    """The key as the page carries it: built from the claim, written as data and read back."""
    key = answer_key(derivations.get(name), part, side)
    return AnswerKey.from_data(key.as_data())


def test_the_pages_have_boxes():
    """Boxes in at least six chapters (the browser tests pick one in each)."""
    assert len({p.id.split(":")[0] for p in BOXES}) >= 6, [p.id for p in BOXES]


@pytest.mark.parametrize(("name", "part", "side", "right"), BOXES)
def test_box(name, part, side, right):
    """The right answer is proved right; each planted error is named; others fail or are unreadable."""
    key = key_as_in_the_browser(name, part, side)
    verdict = check_answer(right, key)
    assert verdict.status == HOLDS, verdict.message
    assert json.loads(json.dumps(verdict.as_data()))["status"] == HOLDS  # as the page's script receives it
    assert check_answer(typed(key.expected, key), key).status == HOLDS
    for wrong in key.planted:
        verdict = check_answer(typed(wrong.expr, key), key)
        assert verdict.status == PLANTED and verdict.planted == wrong, (wrong, verdict.message)
        assert json.loads(json.dumps(verdict.as_data()))["planted"]["kind"] == wrong.kind
    unrelated = check_answer(f"({right})*2 + 1", key)
    assert unrelated.status == FAILS, unrelated.message
    assert ("At " in unrelated.message) == bool(key.symbols), unrelated.message
    unreadable = check_answer(f"{right})", key)
    assert unreadable.status == UNREADABLE and f"position {len(right) + 1}" in unreadable.message, unreadable.message


def test_planted_errors_are_in_enough_boxes():
    """Most boxes can name a planted error (a box whose claim's mutants all change other parts cannot)."""
    named = [p for p in BOXES if key_as_in_the_browser(*p.values[:3]).planted]
    assert len(named) >= len(BOXES) - 3, [p.id for p in BOXES if p not in named]


def test_unknown_symbols_and_comparisons_are_explained():
    key = key_as_in_the_browser("softmax.gradient", 1, "rhs")
    message = check_answer("exp(b*x_j)", key).message
    assert "position 5: 'b' is not one of its symbols" in message and "beta" in message, message
    assert "without '='" in check_answer("d = exp(beta*x_j)", key).message
    assert check_answer("x.__class__", key).status == UNREADABLE


def test_undecided_is_never_right():
    """An answer equal to the right one that no normal form proves is undecided, not ✔ (and not ✘: no point
    refutes it); a function the box does not offer is unreadable."""
    key = key_as_in_the_browser("costs.bottleneck_ratio", 1, "rhs")
    verdict = check_answer("r/(C_out*k^2) + r/C_in + sin(k)^2 + cos(k)^2 - 1", key)
    assert verdict.status == "undecided" and "not a ✔" in verdict.message, verdict.message
    assert check_answer("r/(C_out*k^2) + r/C_in + 0*zeta(k)", key).status == UNREADABLE


def test_the_engine_core_imports_only_sympy_and_the_standard_library(tmp_path):
    """The zip the browser loads holds the engine's core without its Sphinx side, and imports nothing else."""
    core = engine_core(tmp_path / "core.zip")
    with zipfile.ZipFile(core) as archive:
        names = archive.namelist()
        assert "claimcheck/answers.py" in names and "claimcheck/checker/relations.py" in names
        assert not [n for n in names if n.split("/")[1] in NOT_IN_CORE]
        imported = set()
        for name in names:
            for node in ast.walk(ast.parse(archive.read(name))):
                if isinstance(node, ast.Import):
                    imported |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    imported.add(node.module.split(".")[0])
    import sys
    outside = {m for m in imported if m not in sys.stdlib_module_names and m not in ("sympy", "claimcheck")}
    assert not outside, outside


@pytest.mark.parametrize("builder", ["html", "singlehtml"])
def test_the_box_on_a_page(builder, rootdir, tmp_path):
    """The HTML page carries the key as JSON, the input and the script; the printed single page has no box."""
    from sphinx.testing.util import SphinxTestApp

    shutil.copytree(rootdir / "test-answerbook", tmp_path / "book")
    app = SphinxTestApp(builder, srcdir=tmp_path / "book")
    try:
        app.build()
        assert not app.warning.getvalue().strip(), app.warning.getvalue()
        page = (app.outdir / "index.html").read_text(encoding="utf8")
    finally:
        app.cleanup()
    if builder == "singlehtml":
        assert "answer-box" not in page.replace("answerbox.", "") and "A third of" not in page
        return
    data = json.loads(re.search(r'<script type="application/json" class="answer-key">(.*?)</script>', page).group(1))
    assert data["id"] == "demo.third:1:rhs"
    key = AnswerKey.from_data(data["key"])
    assert check_answer("1/(3*n)", key).status == HOLDS and check_answer("1/(2*n)", key).status == PLANTED
    assert 'class="answer-text"' in page and "answerbox.js" in page and "A third of" in page
