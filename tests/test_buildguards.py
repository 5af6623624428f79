"""The build guards and the determinism check catch what they promise, on planted inputs.

No Sphinx build is needed; ``make test-faults`` plants faults in real builds.
"""

import json
from pathlib import Path

from coursebook import guards as g
from coursebook import determinism

DOCS = Path(__file__).resolve().parents[1] / "docs"

PAGE = """\
---
jupytext:
  text_representation:
    format_name: myst
---
Shown: {glue:text}`alpha:.3g`, {glue}`beta`, {glue:md}`../other/page.md::gamma:.2f`.

```{code-cell} ipython3
glue("alpha", 1.0, display=False)
```

```{glue:figure} fig_delta
A figure.
```

:::{glue:} table_eps
:::
"""


def test_code_cells_are_counted():
    assert g.code_cell_count(PAGE) == 1
    assert g.code_cell_count("Prose with `{code-cell}` quoted inline.") == 0


def test_glue_references_cover_roles_directives_and_other_pages():
    assert g.glue_references(PAGE, "chapters/this") == {
        ("chapters/this", "alpha"), ("chapters/this", "beta"), ("other/page", "gamma"),
        ("chapters/this", "fig_delta"), ("chapters/this", "table_eps"),
    }


def test_unexecuted_page_is_reported():
    assert g.execution_problem(0, None) is None
    assert "no execution record" in g.execution_problem(3, None)
    assert "did not succeed" in g.execution_problem(3, {"succeeded": False, "error": "ZeroDivisionError"})
    assert "no run time" in g.execution_problem(3, {"succeeded": True, "runtime": 0.0})
    assert "no run time" in g.execution_problem(3, {"succeeded": True, "runtime": None})
    assert g.execution_problem(3, {"succeeded": True, "runtime": 1.5}) is None


def test_unused_and_missing_glue_keys_are_reported_per_page():
    glued = {"a": {"x", "unused"}, "b": {"y"}}
    used = {"a": {("a", "x"), ("a", "nowhere"), ("b", "y"), ("b", "gone")}, "b": set()}
    problems = g.glue_problems(glued, used)
    assert set(problems) == {"a"}  # b's key is shown by a's prose
    assert "no prose shows: unused" in problems["a"]
    assert "never glued: b::gone, nowhere" in problems["a"]
    assert g.glue_problems({"a": {"x"}}, {"a": {("a", "x")}}) == {}


def test_unshown_claims_need_a_status_page():
    assert g.unshown_claims_problem({"p", "q"}, {"p", "q"}, set()) is None
    assert g.unshown_claims_problem({"p", "q"}, {"p"}, {"status"}) is None
    assert "q" in g.unshown_claims_problem({"p", "q"}, {"p"}, set())


def test_every_page_glue_reference_names_a_page_that_exists():
    pages = {str(p.relative_to(DOCS).with_suffix("")) for p in DOCS.rglob("*.md")}
    for path in DOCS.rglob("*.md"):
        docname = str(path.relative_to(DOCS).with_suffix(""))
        for page, key in g.glue_references(path.read_text(), docname):
            assert page in pages, f"{docname}: glue reference {page}::{key} names no page"


def _fake_build(root, values):
    glued = root / "jupyter_execute" / "page.glue.json"
    glued.parent.mkdir(parents=True)
    glued.write_text(json.dumps({k: {"data": {"text/plain": v, "image/png": "ignored"}} for k, v in values.items()}))
    return root


def test_determinism_flags_a_changed_number_but_not_a_timing(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("{glue:text}`loss:.3f` in {glue:text}`run_seconds:.1f` s")
    first = _fake_build(tmp_path / "a", {"loss": "0.25", "run_seconds": "1.0"})
    same = _fake_build(tmp_path / "b", {"loss": "0.25", "run_seconds": "2.0"})
    changed = _fake_build(tmp_path / "c", {"loss": "0.26", "run_seconds": "1.0"})
    assert determinism.compare(first, same, docs) == ([], ["page::run_seconds"], 1)
    errors, _, _ = determinism.compare(first, changed, docs)
    assert errors == ["page::loss: {'text/plain': '0.25'} != {'text/plain': '0.26'}"]


def test_measured_key_names_are_recognised():
    for key in ("softmax_seconds", "conv_speedup", "cost_block_ms_i", "conv_dense_timing_slope", "mem_imgs_per_s"):
        assert determinism.MEASURED.search(key), key
    for key in ("conv_sweep_gap", "bn_timed_batch", "cost_alex_gflops", "mem_rand_99", "lse_min_gap"):
        assert not determinism.MEASURED.search(key), key
