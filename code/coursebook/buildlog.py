"""Keep MyST's dumps of its whole configuration out of the build log.

At every build MyST-Parser and MyST-NB each log their full configuration as
one line of some 1,500 characters: neither progress nor a problem, and it
buries the lines that are.  Only those two records are dropped, by their
loggers and the start of their message; everything else from MyST, warnings
included, is untouched.  The configuration is in conf.py.
"""

import logging
import re

_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # bold() wraps the version in colour codes on a terminal

#: The logger that writes each dump, and how the dump begins.
CONFIG_DUMPS = {
    "sphinx.myst_parser.sphinx_ext.main": "myst v",
    "sphinx.myst_nb.sphinx_ext": "myst-nb v",
}


class _DropConfigDump(logging.Filter):
    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.INFO and _COLOUR.sub("", str(record.msg)).startswith(self.prefix))


def setup(app):
    for name, prefix in CONFIG_DUMPS.items():
        logging.getLogger(name).addFilter(_DropConfigDump(prefix))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
