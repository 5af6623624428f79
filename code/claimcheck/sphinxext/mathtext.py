"""Prose with inline math: ``$...$`` spans become math nodes that MathJax typesets."""

from __future__ import annotations

import re

from docutils import nodes

INLINE_MATH = re.compile(r"(?<!\\)\$([^$]+?)(?<!\\)\$")


def text_with_math(text: str) -> list[nodes.Node]:
    """``text`` as docutils nodes: plain text, with each ``$...$`` span a math node.

    >>> [type(n).__name__ for n in text_with_math("a sum $\\\\sum_i x_i$ over $i$.")]
    ['Text', 'math', 'Text', 'math', 'Text']
    >>> text_with_math("no math")[0].astext()
    'no math'
    """
    parts, start = [], 0
    for match in INLINE_MATH.finditer(text):
        if match.start() > start:
            parts.append(nodes.Text(text[start:match.start()].replace("\\$", "$")))
        parts.append(nodes.math(match.group(1), match.group(1)))
        start = match.end()
    if start < len(text):
        parts.append(nodes.Text(text[start:].replace("\\$", "$")))
    return parts


def inline_math(text: str) -> nodes.inline:
    """``text`` as one inline node, its ``$...$`` spans typeset (a ``\\$`` stays a dollar sign).

    >>> [type(n).__name__ for n in inline_math("tr $\\\\Sigma_1^{-1}\\\\Sigma_0$ term").children]
    ['Text', 'math', 'Text']
    """
    return nodes.inline("", "", *text_with_math(text))


def paragraph_with_math(text: str, **attributes) -> nodes.paragraph:
    """A paragraph of ``text`` with its ``$...$`` spans typeset."""
    para = nodes.paragraph(**attributes)
    para.extend(text_with_math(text))
    return para
