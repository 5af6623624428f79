"""The book's source, a course: its problems as exercises, and the numbers it printed, reproduced by the build.

conf.py names a module of course data, ``coursebook_course = "derivations.course"``,
which provides ``PROBLEMS`` (records with ``id``, ``set_name``, ``year``,
``number``, ``title``, ``chapter``, ``claims``, ``unavailable``), ``PRINTED``
(records with ``id``, ``problem``, ``what``, ``value``, ``expect``,
``reproducible``, ``reproduce``, ``check_instead``) and ``agreement(record,
value) -> (bool, str)``.

* ``{course-problem}`id``` -- "HW4 (2024), problem 6", linked to its exercise;
* ``{course-numbers} id`` -- the problem's printed numbers beside this build's:
  each printed item is glued on the page under its id, and compared (:mod:`.printed`) by
  the item's rule.  The build fails, naming page and item, when a value was
  not glued or when the comparison does not come out as the data expects;
* ``{course-map}`` -- one row per problem: its exercise, its claims holding,
  its printed numbers reproduced, its errata.  The build fails when a
  problem has no exercise ``ex-<id>`` on its chapter, or names an unknown claim.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from claimcheck.model import HOLDS
from claimcheck.sphinxext.links import claim_link
from claimcheck.sphinxext.mathtext import inline_math
from .printed import compare, outcome_problem, show
from claimcheck.sphinxext.tables import PROBLEM_LINK_EVENT, table
from claimcheck.sphinxext.state import cache_dir, draws_on_the_whole_book, registry_of
from claimcheck.sphinxext.verdicts import verdict

logger = logging.getLogger(__name__)

CONFIG_COURSE = "coursebook_course"


@lru_cache(maxsize=None)
def _load(module: str):
    return importlib.import_module(module)


def course_of(app_or_config):
    """The course data module named by conf.py (from the app or its config)."""
    config = getattr(app_or_config, "config", app_or_config)
    name = getattr(config, CONFIG_COURSE)
    if not name:
        raise ValueError(f"the course directives need {CONFIG_COURSE} in conf.py (a module of course data)")
    return _load(name)


def exercise_label(problem_id: str) -> str:
    """The label of the exercise that poses a problem.

    >>> exercise_label("hw4-2024-p6")
    'ex-hw4-2024-p6'
    """
    return f"ex-{problem_id}"


def problem_name(problem) -> str:
    return f"{problem.set_name} ({problem.year}), problem {problem.number}"


def problem_link(app, fromdoc: str, problem_id: str) -> nodes.Node:
    """The problem's name, linked to its exercise when a page poses it."""
    problem = _problems(app)[problem_id]
    text = nodes.inline(text=problem_name(problem))
    found = getattr(app.env, "sphinx_exercise_registry", {}).get(exercise_label(problem_id))
    if not found:
        return text
    uri = app.builder.get_relative_uri(fromdoc, found["docname"]) + "#" + exercise_label(problem_id)
    ref = nodes.reference("", "", internal=True, refuri=uri)
    ref += text
    return ref


def _problems(app_or_config) -> dict:
    return {p.id: p for p in course_of(app_or_config).PROBLEMS}


# --------------------------------------------------------------------------
# Directives and role


class course_numbers_node(nodes.General, nodes.Element):
    pass


class course_map_node(nodes.General, nodes.Element):
    pass


class CourseProblemRole(SphinxRole):
    """``{course-problem}`hw4-2024-p6``` -- the problem's set, year and number, from the course data."""

    def run(self):
        problem = _problems(self.config).get(self.text.strip())
        if problem is None:
            msg = self.inliner.reporter.error(f"unknown course problem {self.text!r}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        return [nodes.emphasis(text=problem_name(problem))], []


class CourseNumbersDirective(SphinxDirective):
    """The printed numbers of one problem beside this build's (filled in when the page is written)."""

    required_arguments = 1

    def run(self):
        problem = _problems(self.config).get(self.arguments[0])
        if problem is None:
            raise self.error(f"unknown course problem {self.arguments[0]!r}")
        if problem.chapter != self.env.docname:
            raise self.error(f"course problem {problem.id!r} belongs to page {problem.chapter!r}")
        return [course_numbers_node(problem=problem.id)]


class CourseMapDirective(SphinxDirective):
    """One row per course problem (filled in when the page is written)."""

    def run(self):
        draws_on_the_whole_book(self.env)
        return [course_map_node()]


def _table(headers, rows, classes) -> nodes.table:
    node = table(headers, rows)
    node["classes"] = classes
    return node


def numbers_table(app, docname: str, problem_id: str) -> list[nodes.Node]:
    rows = []
    for record in course_of(app).PRINTED:
        if record.problem != problem_id:
            continue
        shown, agrees, how = compare(app, docname, record, course_of(app).agreement)
        problem = outcome_problem(record, shown, agrees)
        if problem:
            logger.error(f"page {docname!r}: {problem}", location=docname)
        if agrees is None:
            verdict_text = f"not reproducible: {record.reproduce.split(': ', 1)[-1]}"
        else:
            verdict_text = ("✔ " if agrees else "✘ ") + how
            verdict_text += "" if record.reproducible else f" (on a stand-in: {record.check_instead})"
        rows.append([inline_math(record.what), show(record.value), shown, verdict_text])
    if not rows:
        return [nodes.paragraph(text="The course printed no number for this problem.")]
    return [_table(["what", "the course printed", "this build", "agreement"], rows, ["course-numbers"])]


def _claims_cell(app, fromdoc: str, problem) -> nodes.Node:
    claims = registry_of(app).claims()
    unknown = [name for name in problem.claims if name not in claims]
    if unknown:
        logger.error(f"course problem {problem.id!r} names unknown claims: {', '.join(unknown)}")
    known = [name for name in problem.claims if name in claims]
    if not known:
        return nodes.Text("none (a problem answered by computation or prose)")
    held = sum(verdict(cache_dir(app), claims[name])["status"] == HOLDS for name in known)
    cell = nodes.inline(text=f"{held}/{len(known)} hold: ")
    for k, name in enumerate(known):
        cell += nodes.Text(", ") if k else nodes.Text("")
        cell += claim_link(app, fromdoc, name)
    return cell


def _numbers_cell(app, problem) -> str:
    records = [r for r in course_of(app).PRINTED if r.problem == problem.id]
    if not records:
        return "none printed"
    results = [compare(app, problem.chapter, r, course_of(app).agreement)[1] for r in records]
    reproduced = sum(r.reproducible and a is True for r, a in zip(records, results))
    contradicted = sum(a is False and r.expect == "disagrees" for r, a in zip(records, results))
    stand_in = sum(not r.reproducible for r in records)
    text = f"{reproduced} of {len(records)} reproduced"
    text += f"; {contradicted} contradicted" if contradicted else ""
    text += f"; {stand_in} not reproducible (stand-in checked)" if stand_in else ""
    return text


def _why_cell(problem) -> str:
    return "; ".join(f"{m.what}: {m.limits}" for m in problem.unavailable) or "—"


def map_table(app, fromdoc: str) -> list[nodes.Node]:
    errata = registry_of(app).errata()
    exercises = getattr(app.env, "sphinx_exercise_registry", {})
    rows = []
    for problem in course_of(app).PROBLEMS:
        found = exercises.get(exercise_label(problem.id))
        if not found or found["docname"] != problem.chapter:
            logger.error(f"course problem {problem.id!r} has no exercise {exercise_label(problem.id)!r} "
                         f"on its page {problem.chapter!r}", location=fromdoc)
        count = sum(entry.problem == problem.id for entry in errata)
        rows.append([
            f"{problem.set_name} ({problem.year})", str(problem.number),
            problem_link(app, fromdoc, problem.id), inline_math(problem.title),
            _claims_cell(app, fromdoc, problem), _numbers_cell(app, problem),
            str(count) if count else "—", _why_cell(problem),
        ])
    headers = ["set", "no.", "exercise", "title", "claims", "printed numbers", "errata", "not available"]
    return [_table(headers, rows, ["course-map"])]


def on_doctree_resolved(app, doctree, docname):
    for node in list(doctree.findall(course_numbers_node)):
        # The problem's own page glued its numbers; in a singlehtml build every page is written as the index.
        chapter = _problems(app)[node["problem"]].chapter
        node.replace_self(numbers_table(app, chapter, node["problem"]))
    for node in list(doctree.findall(course_map_node)):
        node.replace_self(map_table(app, docname))


def setup(app):
    app.setup_extension("claimcheck.sphinxext")  # it declares the event that names an erratum's problem
    app.add_config_value(CONFIG_COURSE, "", "env")
    app.add_node(course_numbers_node)
    app.add_node(course_map_node)
    app.add_role("course-problem", CourseProblemRole())
    app.add_directive("course-numbers", CourseNumbersDirective)
    app.add_directive("course-map", CourseMapDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect(PROBLEM_LINK_EVENT, problem_link)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
