# Two commands for a fresh clone: `make test` and `make html`.
# Both create .venv and install the pinned lock first if needed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-lock
JOBS ?= auto
SPHINXOPTS ?=
SPHINX := $(PY) -m sphinx -c . -W --keep-going -n -j $(JOBS) $(SPHINXOPTS)

.PHONY: html pdf test test-browser test-pdf test-faults determinism mutation mutation-sample rebuild clean install serve

install: $(STAMP)

# torch first, pinned: an unpinned torch pulled in by another package would
# fetch several GB of CUDA wheels.
# Then the project's own packages (code/*, derivations), editable: imports find them
# with no path set by hand, and an edit takes effect without reinstalling.
$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==24.3.1"
	$(PY) -m pip install --quiet "torch==2.13.0"
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $(STAMP)

# The doctrees go beside the site, not into it: a deployment of _build/html
# serves only what a browser needs.  Then the answer boxes' runtime goes into
# _build/html/_answers: Pyodide from npm, the sympy and mpmath wheels from PyPI
# (kept in _build/answer-runtime), and the engine's core from this tree
# (code/answerruntime).
DOCTREES := -d _build/doctrees
ANSWER_RUNTIME := $(PY) -m answerruntime
html: $(STAMP)
	$(SPHINX) $(DOCTREES) docs _build/html
	$(ANSWER_RUNTIME) _build/html

# The built site on http://127.0.0.1:$(PORT)/ (the answer boxes need it served:
# a browser will not run their checker from file://).  Ctrl-C stops it.
PORT ?= 8000
serve:
	@test -f _build/html/index.html || { echo "serve: no built site (_build/html/index.html); run \`make html\` first" >&2; exit 1; }
	@echo "serving _build/html on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

# The fast checks, on every core (pytest-xdist; worksteal keeps both busy to
# the end).  The slow suites (markers in pyproject.toml) have their own
# targets; their folders are not even collected here, as each worker would
# import their dependencies.  Bytecode is written (Python's cache of compiled
# modules, and pytest's of rewritten tests) even where the environment turns
# that off: every worker compiles every module otherwise.
# `$(PY) tests/benchmark_make_test.py` times this target.
SLOW_SUITES := browser faults pdf
PYTEST_FAST := -m pytest -n auto --dist worksteal $(SLOW_SUITES:%=--ignore=tests/%) \
	-m "not browser and not faults and not pdf"
test: $(STAMP)
	$(PY) -m ruff check .
	env -u PYTHONDONTWRITEBYTECODE $(PY) $(PYTEST_FAST)

# The built site in Debian's headless chromium (apt: chromium chromium-driver),
# and its internal links. Needs `make html` first; screenshots go to _build/browser/.
test-browser: $(STAMP)
	@test -f _build/html/index.html || { echo "test-browser: no built site (_build/html/index.html); run \`make html\` first" >&2; exit 1; }
	$(PY) -m pytest -m browser tests/browser

# The book as one PDF, _build/pdf/mfdnn-book.pdf: the whole book on one page
# (Sphinx's singlehtml builder, same configuration and execution cache as
# `make html`), printed by Debian's headless chromium once MathJax is done.
pdf: $(STAMP)
	$(SPHINX) -b singlehtml docs _build/singlehtml
	$(PY) -m bookpdf _build/singlehtml _build/pdf/mfdnn-book.pdf

# The PDF read back with pdftotext (apt: poppler-utils) and checked against
# the HTML build: needs `make html` and `make pdf` first.
test-pdf: $(STAMP)
	$(PY) -m pytest -m pdf tests/pdf

# Plant faults (failing claim, cell, reference, glue key, profile, data file)
# in scratch copies of the project; each must fail the build, naming the page
# or file.  Builds one chapter per case: a few minutes in all.
test-faults: $(STAMP)
	$(PY) -m pytest -m faults tests/faults

# A second build from clean, into _build/determinism, must put the same
# numbers in the prose as the build in _build (timings aside).
determinism: $(STAMP)
	rm -rf _build/determinism
	NB_EXECUTION_MODE=force $(SPHINX) -q docs _build/determinism/html
	$(PY) -m coursebook.determinism _build _build/determinism

# Mutation testing (mutmut) of code/mfdnn and the engine's core (code/claimcheck without its Sphinx
# side) against the fast tests: the kill rate per module, the survivors, and the equivalent mutants
# of tests/mutation-equivalent.txt.  Hours on 2 cores (README); MUTANTS='mfdnn.softmax.*' runs one
# module, CHILDREN=2 runs two test processes at a time.  mutation-sample is CI's few minutes' worth.
MUTANTS ?=
CHILDREN ?= 1
BUDGET ?= 2
mutation: $(STAMP)
	$(PY) -m killrate --children $(CHILDREN) --budget $(BUDGET) $(MUTANTS)
# The sample mutates only SAMPLE_MODULES (fast tests, both packages) and traces only the tests that import
# them, in a stage of its own (the full run's trace stays valid): a few minutes on 2 cores.
SAMPLE_MODULES ?= mfdnn.softmax mfdnn.profile mfdnn.config mfdnn.convolution.filters claimcheck.scope claimcheck.errata
mutation-sample: $(STAMP)
	$(PY) -m killrate --stage _build/mutation-sample --narrow --children 2 --sample 60 --seed 27 --min-rate 0.75 \
		$(SAMPLE_MODULES:%=%.*)

# Rebuild everything from scratch, re-executing every page (ignores the caches).
rebuild: $(STAMP)
	rm -rf _build
	NB_EXECUTION_MODE=force $(SPHINX) $(DOCTREES) -E docs _build/html
	$(ANSWER_RUNTIME) _build/html

clean:
	rm -rf _build
