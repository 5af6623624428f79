"""Absolute paths of the machine that built the site, in a page's text.

A page names its data by data set and file; a path such as
``/work/shared/data/mnist/t10k-images-idx3-ubyte`` or ``/home/user/.cache``
says where one machine kept them, and means nothing to a reader.
:func:`find` reads the text of a built page (every fold, code and output
included; scripts, styles and attribute values excluded) and returns each
such path with its context.

>>> find('<p>Data: MNIST, file <code>t10k-labels-idx1-ubyte</code>.</p>')
[]
>>> find('<pre>read from /work/shared/data/mnist/t10k-images</pre>')
['/work/shared/data/mnist/t10k-images: read from /work/shared/data/mnist/t10k-images']
>>> find('<p>see https://example.org/home/x and ../tmp/y</p><script>"/tmp/z"</script>')
[]
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Top-level folders of Linux and macOS machines where a build's files live.
ROOTS = ("work", "home", "root", "tmp", "Users", "opt", "usr", "var", "mnt", "srv", "private")

#: An absolute path: one of ROOTS right after a slash that does not continue a
#: word, a URL, a relative path or another path ("a/home/x", "../tmp", "//tmp").
PATH = re.compile(r"(?<![\w.:/~-])/(?:" + "|".join(ROOTS) + r")/[^\s\"'<>)\]]*")


class _Text(HTMLParser):
    """The text of a page, without its scripts and styles."""

    SKIP = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def text(html: str) -> str:
    """The text of an HTML page: every element's, folded or not; no scripts or styles."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def find(html: str) -> list[str]:
    """Each absolute path in the page's text, as 'path: its context'."""
    found = []
    content = text(html)
    for match in PATH.finditer(content):
        context = content[max(0, match.start() - 40):match.end() + 40]
        found.append(f"{match.group()}: {' '.join(context.split())}")
    return found
