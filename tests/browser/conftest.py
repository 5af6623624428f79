"""Session fixtures of the browser tests: the built site, a local server for it, one Chromium."""

import pytest

from sitebrowser import chrome
from sitebrowser.server import SiteServer

from . import builtsite, links

# What the session leaves for the summary printed after the run.
SCREENSHOTS_KEY = pytest.StashKey[object]()
LINKS_KEY = pytest.StashKey[links.LinkReport]()


@pytest.fixture(scope="session")
def site():
    """The built site's directory; an error (never a skip) that says to run `make html` if absent."""
    try:
        return builtsite.require_site()
    except builtsite.SiteMissing as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def server(site):
    """The built site served on 127.0.0.1 at a free port."""
    with SiteServer(site) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium that can reach 127.0.0.1 only; an error naming the packages if it is absent."""
    try:
        chrome.require_chromium()
    except chrome.ChromiumMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    session = chrome.Browser()
    yield session
    session.close()


@pytest.fixture(scope="session")
def screenshots(site, request):
    """The folder for this run's screenshots, emptied of an earlier run's."""
    chrome.clear_screenshots(builtsite.SCREENSHOTS)
    request.config.stash[SCREENSHOTS_KEY] = builtsite.SCREENSHOTS
    return builtsite.SCREENSHOTS


@pytest.fixture(scope="session")
def link_report(site, request):
    """The link check over every page; its counts are printed at the end of the run."""
    report = links.check_site(site, builtsite.pages(site) + builtsite.svg_images(site))
    request.config.stash[LINKS_KEY] = report
    return report


def pytest_terminal_summary(terminalreporter, config):
    """Print the link check's counts (and where the screenshots are) after the run."""
    _print_figures(terminalreporter, config)
    report = config.stash.get(LINKS_KEY, None)
    if report is not None:
        terminalreporter.write_line(links.summary(report))
    folder = config.stash.get(SCREENSHOTS_KEY, None)
    if folder is not None:
        shots = sorted(p.relative_to(folder).as_posix() for p in folder.glob("*.png"))
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            shots.append(f"{sub.name}/ ({len(list(sub.glob('*.png')))} pages)")
        terminalreporter.write_line(f"screenshots in {folder}: {', '.join(shots) or 'none'}")


# The readability figures of the run (lowest contrast per mode, widest element
# on a phone, links landing on hidden targets), printed after the run.
FIGURES_KEY = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def figures(request):
    """A dict the readability tests fill with their figures; printed at the end of the run."""
    return request.config.stash.setdefault(FIGURES_KEY, {})


def _print_figures(terminalreporter, config):
    found = config.stash.get(FIGURES_KEY, None)
    for name, value in sorted((found or {}).items()):
        terminalreporter.write_line(f"{name}: {value}")
