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
* ``{course-map} HW4 2024`` -- one line per problem of a set: its number, its
  title linked to its exercise, the chapter and exercise, and small marks (claims
  holding, printed numbers reproduced, errata linked).  The build fails when a
  problem has no exercise ``ex-<id>`` on its chapter, or names an unknown claim.

Each exercise that poses a problem also gets, when the page is written, a line
naming the course files it could not use (``Problem.unavailable``), and two
ways to be found by the site's search: index entries "HW4 problem 5" and "HW4
(2024), problem 5" pointing at it, and an object of the ``course`` domain named
by its set, number and title.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from claimcheck.model import HOLDS
from claimcheck.sphinxext.mathtext import inline_math
from .printed import compare, outcome_problem, show
from claimcheck.sphinxext.tables import PROBLEM_LINK_EVENT, erratum_id, table
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


def search_names(problem) -> list[str]:
    """The phrases the site's search should answer with the problem's exercise.

    >>> from types import SimpleNamespace
    >>> search_names(SimpleNamespace(set_name="HW4", year=2024, number=5))
    ['HW4 problem 5', 'HW4 (2024), problem 5', 'HW4 (2024) problem 5', 'HW4 P5']
    """
    short = f"{problem.set_name} problem {problem.number}"
    return [short, problem_name(problem), f"{problem.set_name} ({problem.year}) problem {problem.number}",
            f"{problem.set_name} P{problem.number}"]


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
    """``{course-map} HW4 2024``: one line per problem of that set (filled in when the page is written)."""

    required_arguments = 2

    def run(self):
        set_name, year = self.arguments[0], self.arguments[1]
        known = course_of(self.config).SETS
        if not year.isdigit() or (set_name, int(year)) not in known:
            raise self.error(f"course-map: unknown problem set {set_name} {year}; the course's sets are "
                             + ", ".join(f"{name} {y}" for name, y in known))
        draws_on_the_whole_book(self.env)
        return [course_map_node(set_name=set_name, year=int(year))]


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


def _claims_mark(app, problem) -> str:
    claims = registry_of(app).claims()
    unknown = [name for name in problem.claims if name not in claims]
    if unknown:
        logger.error(f"course problem {problem.id!r} names unknown claims: {', '.join(unknown)}")
    known = [name for name in problem.claims if name in claims]
    if not known:
        return "answered by computation or prose"
    held = sum(verdict(cache_dir(app), claims[name])["status"] == HOLDS for name in known)
    return f"{'✔' if held == len(known) else '✘'} {held} of {len(known)} claims hold"


def _numbers_mark(app, problem) -> str:
    records = [r for r in course_of(app).PRINTED if r.problem == problem.id]
    if not records:
        return "no printed numbers"
    results = [compare(app, problem.chapter, r, course_of(app).agreement)[1] for r in records]
    reproduced = sum(r.reproducible and a is True for r, a in zip(records, results))
    contradicted = sum(a is False and r.expect == "disagrees" for r, a in zip(records, results))
    stand_in = sum(not r.reproducible for r in records)
    text = f"printed numbers {reproduced} of {len(records)} reproduced"
    text += f", {contradicted} contradicted" if contradicted else ""
    # The stand-ins are a share of all the printed numbers, not a third count beside the other two.
    if stand_in:
        text += " (all on a stand-in)" if stand_in == len(records) else f" ({stand_in} of {len(records)} on a stand-in)"
    return text


#: How the course map names an erratum's kind, in a word, and in the plural.
ERRATUM_MARKS = {"typo": ("typo", "typos"), "math": ("error", "errors"), "code": ("bug in code", "bugs in code"),
                 "note": ("note", "notes")}


def _errata_links(app, fromdoc: str, problem) -> list[nodes.Node]:
    """ " · errata: 2 notes, typo", each kind a link to the problem's first erratum of that kind."""
    uri = app.builder.get_relative_uri(fromdoc, "errata")
    first, count = {}, {}
    for index, entry in enumerate(registry_of(app).errata()):
        if entry.problem == problem.id:
            first.setdefault(entry.kind, index)
            count[entry.kind] = count.get(entry.kind, 0) + 1
    out = []
    for kind, index in first.items():
        one, many = ERRATUM_MARKS.get(kind, (kind, kind))
        ref = nodes.reference("", "", internal=True, refuri=f"{uri}#{erratum_id(index)}")
        ref += nodes.Text(one if count[kind] == 1 else f"{count[kind]} {many}")
        out += [nodes.Text(", " if out else " · errata: "), ref]
    return out


def _exercise_place(app, problem) -> str:
    """ "chapter 9, Exercise 9.1": where the problem is answered (the chapter's title where it has no number)."""
    chapter = app.env.titles.get(problem.chapter)
    secnumber = (chapter.get("secnumber") if chapter is not None else None) or \
        app.env.toc_secnumbers.get(problem.chapter, {}).get("")
    number = app.env.toc_fignumbers.get(problem.chapter, {}).get("exercise", {}).get(exercise_label(problem.id))
    if secnumber:
        place = "chapter " + ".".join(map(str, secnumber))
    else:
        title = chapter.astext() if chapter is not None else problem.chapter
        numbered = re.match(r"(\d+)\. ", title)
        place = f"chapter {numbered.group(1)}" if numbered else title
    return place + (", Exercise " + ".".join(map(str, number)) if number else "")


def map_line(app, fromdoc: str, problem) -> nodes.list_item:
    """One problem as one line: number, title linked to its exercise, where, and the marks."""
    exercises = getattr(app.env, "sphinx_exercise_registry", {})
    found = exercises.get(exercise_label(problem.id))
    if not found or found["docname"] != problem.chapter:
        logger.error(f"course problem {problem.id!r} has no exercise {exercise_label(problem.id)!r} "
                     f"on its page {problem.chapter!r}", location=fromdoc)
    line = nodes.paragraph(classes=["course-map-line"])
    line += nodes.strong(text=f"{problem.set_name} P{problem.number}")
    line += nodes.Text(" ")
    title = inline_math(problem.title)
    if found:
        uri = app.builder.get_relative_uri(fromdoc, found["docname"]) + "#" + exercise_label(problem.id)
        ref = nodes.reference("", "", internal=True, refuri=uri)
        ref += title
        line += ref
    else:
        line += title
    marks = nodes.inline(classes=["course-map-marks"])
    marks += nodes.Text(f" — {_exercise_place(app, problem)} · {_claims_mark(app, problem)} · "
                        f"{_numbers_mark(app, problem)}")
    marks.extend(_errata_links(app, fromdoc, problem))
    line += marks
    return nodes.list_item("", line)


def map_lines(app, fromdoc: str, set_name: str, year: int) -> list[nodes.Node]:
    items = nodes.bullet_list(classes=["course-map"])
    items.extend(map_line(app, fromdoc, problem) for problem in course_of(app).PROBLEMS
                 if (problem.set_name, problem.year) == (set_name, year))
    return [items]


def unavailable_note(problem) -> nodes.Node | None:
    """What the course used that the book does not have, and so could not be checked as printed."""
    if not problem.unavailable:
        return None
    para = nodes.paragraph(classes=["course-unavailable"])
    para += nodes.strong(text="Not available to this book: ")
    for k, missing in enumerate(problem.unavailable):
        para += nodes.Text("; " if k else "")
        para.extend(_with_code(f"{missing.what} ({missing.limits})"))
    para += nodes.Text(".")
    return para


def _with_code(text: str) -> list[nodes.Node]:
    """Text with its backquoted spans as literals and its ``$...$`` spans typeset."""
    out = []
    for k, part in enumerate(text.split("`")):
        if k % 2:
            out.append(nodes.literal(text=part))
        elif part:
            out.extend(inline_math(part).children)
    return out


def decorate_exercises(app, doctree, docname: str) -> None:
    """Append the unavailable files to each exercise of the page, and index it under its set and number."""
    for problem in course_of(app).PROBLEMS:  # every page's, since a singlehtml build writes them all as one
        label = exercise_label(problem.id)
        for node in doctree.findall(lambda n: type(n).__name__.startswith("exercise") and label in n.get("ids", ())):
            body = [child for child in node.children if isinstance(child, nodes.section)]
            note = unavailable_note(problem)
            if note is not None:
                (body[-1] if body else node).append(note)
            entries = [("single", name, label, "main", None) for name in search_names(problem)]
            node.insert(0, addnodes.index(entries=entries))
            break


class CourseDomain(Domain):
    """The course's problems as objects of the search index: a search for a problem's words lists its exercise."""

    name = "course"
    label = "Course"
    object_types = {"problem": ObjType("course problem", "problem")}
    initial_data: dict = {}

    def get_type_name(self, type, primary=False):
        return "Course problem"  # "Course problem, in 10. MNIST: ..." in a search result

    def clear_doc(self, docname):
        pass

    def merge_domaindata(self, docnames, otherdata):
        pass

    def get_objects(self):
        if not getattr(self.env.config, CONFIG_COURSE):
            return
        exercises = getattr(self.env, "sphinx_exercise_registry", {})
        for problem in course_of(self.env.config).PROBLEMS:
            found = exercises.get(exercise_label(problem.id))
            if found:
                # The search splits object names at dots; a title has none to split.
                # Sphinx escapes the name for HTML and the search page escapes it again: no apostrophes.
                name = f"{problem_name(problem)}: {problem.title}".replace(".", "·").replace("$", "").replace("'", "’")
                yield name, name, "problem", found["docname"], exercise_label(problem.id), 0


def on_doctree_resolved(app, doctree, docname):
    for node in list(doctree.findall(course_numbers_node)):
        # The problem's own page glued its numbers; in a singlehtml build every page is written as the index.
        chapter = _problems(app)[node["problem"]].chapter
        node.replace_self(numbers_table(app, chapter, node["problem"]))
    for node in list(doctree.findall(course_map_node)):
        node.replace_self(map_lines(app, docname, node["set_name"], node["year"]))
    if getattr(app.config, CONFIG_COURSE):  # a book without a course has no problems to decorate
        decorate_exercises(app, doctree, docname)
        keep_search_entries(app)


def keep_search_entries(app) -> None:
    """Give the search index every exercise's entries, also those of pages this build does not write.

    Sphinx collects index entries from the pages it writes and does not keep them
    from the last build's index, so an incremental build would lose the entries of
    every page it did not rewrite. The pages it writes replace these with the same
    entries, read from their doctrees.
    """
    indexer = getattr(app.builder, "indexer", None)
    entries = getattr(indexer, "_index_entries", None)
    if entries is None:
        return
    exercises = getattr(app.env, "sphinx_exercise_registry", {})
    for problem in course_of(app).PROBLEMS:
        found = exercises.get(exercise_label(problem.id))
        if found and found["docname"] not in entries:
            entries[found["docname"]] = sorted(
                (name, exercise_label(p.id), "main") for p in course_of(app).PROBLEMS
                if (exercises.get(exercise_label(p.id)) or {}).get("docname") == found["docname"]
                for name in search_names(p))


def setup(app):
    app.setup_extension("claimcheck.sphinxext")  # it declares the event that names an erratum's problem
    app.add_config_value(CONFIG_COURSE, "", "env")
    app.add_node(course_numbers_node)
    app.add_node(course_map_node)
    app.add_role("course-problem", CourseProblemRole())
    app.add_directive("course-numbers", CourseNumbersDirective)
    app.add_directive("course-map", CourseMapDirective)
    app.add_domain(CourseDomain)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect(PROBLEM_LINK_EVENT, problem_link)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
