"""Chapters are numbered by their place in the book, across the toctrees of its parts.

The book's contents are several toctrees, one per part, each ``:numbered:``:
Sphinx numbers the chapters, but starts again at 1 in every toctree.  After it
has assigned its numbers, this extension shifts each part's chapter numbers by
the number of chapters in the parts before it, so that the chapters are
numbered 1, 2, … through the book: in headings, in the navigation, and in the
numbers of exercises, theorems and figures (``Exercise 3.2``).  A file's name
carries no number, so reordering the chapters is a change to the toctrees only.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes


def part_offsets(toctrees: list[list[str]]) -> dict[str, int]:
    """For each chapter, what to add to the number its own toctree gives it.

    >>> part_offsets([["a"], ["b", "c"], ["d"]])
    {'a': 0, 'b': 1, 'c': 1, 'd': 3}
    """
    offsets, before = {}, 0
    for chapters in toctrees:
        offsets.update({chapter: before for chapter in chapters})
        before += len(chapters)
    return offsets


def _shifted(number, offset: int):
    """``number`` (a tuple or list of section numbers, or None) with its first part moved by ``offset``."""
    if not number:
        return number
    return type(number)([number[0] + offset, *number[1:]])


def numbered_toctrees(env) -> list[list[str]]:
    """The chapters of each numbered toctree of the root document, in order."""
    root = env.get_doctree(env.config.root_doc)
    return [[docname for _, docname in node["entries"] if docname]
            for node in root.findall(addnodes.toctree) if node.get("numbered")]


def shift_chapter_numbers(app, env) -> list[str]:
    offsets = part_offsets(numbered_toctrees(env))
    for docname, offset in offsets.items():
        # Sphinx counts figures per chapter number, so the first chapters of two parts (both "1") share
        # one count: each chapter's count starts again at 1.
        for numbers in env.toc_fignumbers.get(docname, {}).values():
            within = [number for number in numbers.values() if len(number) > 1]
            first = min((number[-1] for number in within), default=1)
            for target, number in numbers.items():
                if len(number) > 1:  # (chapter, n): numbered within the chapter
                    numbers[target] = (number[0] + offset, *number[1:-1], number[-1] - first + 1)
        if not offset:
            continue
        secnumbers = env.toc_secnumbers.get(docname, {})
        for anchor, number in secnumbers.items():
            secnumbers[anchor] = _shifted(number, offset)
        for reference in env.tocs[docname].findall(nodes.reference):
            if reference.get("secnumber"):
                reference["secnumber"] = _shifted(reference["secnumber"], offset)
        if env.titles[docname].get("secnumber"):
            env.titles[docname]["secnumber"] = _shifted(env.titles[docname]["secnumber"], offset)
    return sorted(offsets)


def setup(app):
    # After Sphinx's own numbering (the toctree collector, at the default priority 500).
    app.connect("env-get-updated", shift_chapter_numbers, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
