"""Every claim box of the built site reads as mathematics (sitebrowser.claimboxes, as on the tiny claim book).

Read from the HTML files the build wrote (no browser needed, but the built
site is, so it runs with the browser tests: ``make test-browser``).
"""

import pytest

from sitebrowser.claimboxes import problems

from . import builtsite

pytestmark = pytest.mark.browser


def test_every_claim_box_of_the_site_reads_as_mathematics(site):
    """No raw TeX in text, no empty sums, no italic words, no empty counterexample points, no checking log
    outside its fold, on any page; and the site has claim boxes to read."""
    boxes, found = 0, []
    for page in builtsite.pages(site):
        html = (site / page).read_text(encoding="utf8")
        boxes += html.count('<div class="claim ')
        found += [f"{page}: {finding}" for finding in problems(html)]
    assert boxes > 0, "no claim box found on the built site"
    assert found == [], "\n".join(found[:40])
