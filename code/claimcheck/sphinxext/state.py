"""What the extension knows across pages: the book's registry, and per-page records kept in the environment.

The records are parallel-safe: each page's part is dropped when the page is
re-read (``env-purge-doc``) and merged from the worker processes of ``-j N``
(``env-merge-info``).

* ``claims_shown``: claim name -> pages whose ``{claim}`` boxes show it;
* ``claim_status_pages``: pages holding the ``{claim-status}`` table;
* ``claim_citations``: page -> the ``{prf:ref}`` citations binding the page's
  claims (see :mod:`claimcheck.sphinxext.citations`);
* ``claims_in_block``: sphinx-proof label -> the claims shown inside that block;
* ``whole_book_pages``: pages whose content is drawn from every other page (the
  status table, errata, graphs, course map); they are re-read on every build,
  so they never show what an earlier build knew.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

from ..registry import Registry

#: conf.py names the book's registry as "module:attribute"; importing the module registers the claims.
CONFIG_REGISTRY = "claimcheck_registry"


@lru_cache(maxsize=None)
def load_registry(spec: str) -> Registry:
    """The :class:`~claimcheck.Registry` named by ``spec`` (``"module:attribute"``)."""
    module, sep, attribute = spec.partition(":")
    if not sep:
        raise ValueError(f"{CONFIG_REGISTRY} = {spec!r}: expected 'module:attribute', e.g. 'derivations:REGISTRY'")
    registry = getattr(importlib.import_module(module), attribute, None)
    if not isinstance(registry, Registry):
        raise ValueError(f"{CONFIG_REGISTRY} = {spec!r}: {module}.{attribute} is not a claimcheck.Registry")
    return registry


def registry_of(app) -> Registry:
    """The registry of the book being built."""
    return load_registry(getattr(app.config, CONFIG_REGISTRY))


def cache_dir(app) -> Path:
    """Where verdicts are cached: ``.claim-cache`` beside the output folder (``_build``)."""
    return Path(app.outdir).parent / ".claim-cache"


def on_env_before_read_docs(app, env, docnames):
    env.claimcheck_cache = str(cache_dir(app))  # for the directives, which see the env, not the app
    for name, empty in (("claims_shown", dict), ("claim_status_pages", set), ("claim_citations", dict),
                        ("claims_in_block", dict), ("whole_book_pages", set)):
        if not hasattr(env, name):
            setattr(env, name, empty())


def on_env_purge_doc(app, env, docname):
    for pages in getattr(env, "claims_shown", {}).values():
        pages.discard(docname)
    getattr(env, "claim_status_pages", set()).discard(docname)
    getattr(env, "whole_book_pages", set()).discard(docname)
    getattr(env, "claim_citations", {}).pop(docname, None)
    blocks = getattr(env, "claims_in_block", {})
    for label in [label for label, (page, _) in blocks.items() if page == docname]:
        del blocks[label]


def on_env_merge_info(app, env, docnames, other):
    for name, pages in getattr(other, "claims_shown", {}).items():
        env.claims_shown.setdefault(name, set()).update(pages)
    env.claim_status_pages.update(getattr(other, "claim_status_pages", ()))
    env.whole_book_pages.update(getattr(other, "whole_book_pages", ()))
    for docname in docnames:
        if docname in getattr(other, "claim_citations", {}):
            env.claim_citations[docname] = other.claim_citations[docname]
    env.claims_in_block.update(getattr(other, "claims_in_block", {}))


def draws_on_the_whole_book(env) -> None:
    """Mark the page being read as one that shows the whole book (re-read on every build)."""
    env.whole_book_pages.add(env.docname)


def on_env_get_outdated(app, env, added, changed, removed):
    """Re-read the whole-book pages on every build: what they show depends on the other pages."""
    return sorted(getattr(env, "whole_book_pages", set()) & set(env.found_docs))


def shown_pages(env, name: str) -> list[str]:
    """The pages that show claim ``name``, sorted."""
    return sorted(getattr(env, "claims_shown", {}).get(name, ()))


def setup(app):
    app.add_config_value(CONFIG_REGISTRY, "claimcheck:REGISTRY", "env")
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-purge-doc", on_env_purge_doc)
    app.connect("env-merge-info", on_env_merge_info)
    app.connect("env-get-outdated", on_env_get_outdated)
