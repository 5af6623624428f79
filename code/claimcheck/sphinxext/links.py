"""Links between claims, definitions, pages and the claims' source pages."""

from __future__ import annotations

import html
import importlib
from pathlib import Path

from docutils import nodes
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from ..registry import Definition
from .state import registry_of, shown_pages


def anchor(name: str) -> str:
    """The HTML id of a claim's box.

    >>> anchor("softmax.upper_bound")
    'claim-softmax-upper-bound'
    """
    return "claim-" + name.replace(".", "-").replace("_", "-")


def source_uri(docname: str, module: str, line: int) -> str:
    """The link from page ``docname`` to line ``line`` of a claim module's source page.

    >>> source_uri("chapters/01-x", "derivations.softmax", 40)
    '../_claims/derivations.softmax.html#L-40'
    """
    return "../" * docname.count("/") + f"_claims/{module}.html#L-{line}"


#: ``$...$`` in a text, not preceded by a backslash (``\$`` is a dollar sign).
def _reference(uri: str, text: nodes.Node) -> nodes.reference:
    ref = nodes.reference("", "", internal=True, refuri=uri)
    ref += text
    return ref


def claim_link(app, fromdoc: str, name: str) -> nodes.Node:
    """A link to the box of claim ``name`` (its name in code font; unlinked if no page shows it)."""
    shown = shown_pages(app.env, name)
    if not shown:
        return nodes.literal(text=name)
    return _reference(app.builder.get_relative_uri(fromdoc, shown[0]) + "#" + anchor(name), nodes.literal(text=name))


def definition_link(app, fromdoc: str, definition: Definition) -> nodes.Node:
    """A link to the proof block that states a definition (its name in code font; unlinked if none)."""
    block = getattr(app.env, "proof_list", {}).get(definition.label) if definition.label else None
    text = nodes.literal(text=definition.name)
    if not block:
        return text
    return _reference(app.builder.get_relative_uri(fromdoc, block["docname"]) + "#" + definition.label, text)


def unstated_definitions(app, uses) -> list[str]:
    """The definitions among ``uses`` that have no label, or whose label no proof block of the book carries."""
    definitions = registry_of(app).definitions()
    blocks = getattr(app.env, "proof_list", {})
    return [name for name in uses if name in definitions and definitions[name].label not in blocks]


def uses_links(app, fromdoc: str, uses) -> nodes.Node:
    """What a claim uses, comma-separated: links to the claims' boxes and the definitions' blocks."""
    definitions = registry_of(app).definitions()
    cell = nodes.inline()
    for k, name in enumerate(uses):
        if k:
            cell += nodes.Text(", ")
        cell += (definition_link(app, fromdoc, definitions[name]) if name in definitions
                 else claim_link(app, fromdoc, name))
    return cell


def page_links(app, fromdoc: str, docnames) -> nodes.Node:
    """Links to pages, by title, separated by commas."""
    cell = nodes.inline()
    for k, docname in enumerate(docnames):
        if k:
            cell += nodes.Text(", ")
        cell += _reference(app.builder.get_relative_uri(fromdoc, docname), nodes.Text(app.env.titles[docname].astext()))
    return cell


def on_collect_pages(app):
    """One highlighted source page per claim module, with a line anchor per line."""
    modules = sorted({c.source[0] for c in registry_of(app).claims().values()})
    for module in modules:
        source = Path(importlib.import_module(module).__file__).read_text()
        body = highlight(source, PythonLexer(), HtmlFormatter(linenos="inline", lineanchors="L"))
        title = html.escape(module)
        yield f"_claims/{module}", {"title": title, "body": f"<h1>Source of {title}</h1>{body}"}, "page.html"
