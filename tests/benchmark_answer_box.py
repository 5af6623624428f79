"""Time an answer box in headless Chromium: to the first verdict (Pyodide, SymPy and the checker loaded), to a
later one, and the bytes loaded.  Prints figures; asserts nothing (the goals: 10 s, 1 s, 25 MB).

Run as ``.venv/bin/python tests/benchmark_answer_box.py [RUNS]`` after ``make html``: it serves ``_build/html``
on 127.0.0.1 with the network blocked, and each run is a fresh page with the browser's cache cleared.
"""

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "code")]

from sitebrowser import answerbox, chrome  # noqa: E402
from sitebrowser.server import SiteServer  # noqa: E402

PAGE = "chapters/softmax.html"
BOX = ("softmax.gradient", 1, "rhs")
FIRST = "exp(beta*x_j)/sum(exp(beta*x_i), i, 1, n)"
LATER = "exp(x_j)/sum(exp(x_i), i, 1, n)"


def one_run(browser, server) -> tuple[float, float, int, str]:
    driver = browser.driver
    origin = server.origin
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    driver.get(server.url(PAGE))
    page_bytes = answerbox.bytes_loaded(driver)
    box = answerbox.box_of(driver, *BOX)
    first = answerbox.check(driver, box, FIRST)
    later = answerbox.check(driver, box, LATER, timeout_s=60)
    loaded = answerbox.bytes_loaded(driver) - page_bytes
    return first.seconds, later.seconds, loaded, f"{first.status}, then {later.status}"


def main(argv: list[str]) -> None:
    runs = int(argv[0]) if argv else 3
    site = Path(os.environ.get("ANSWERBOX_SITE", ROOT / "_build" / "html"))
    print(f"answer box on {PAGE}, {runs} runs | {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}", flush=True)
    results = []
    with SiteServer(site) as server:
        browser = chrome.Browser()
        try:
            for k in range(runs):
                results.append(one_run(browser, server))
                first, later, loaded, verdicts = results[-1]
                print(f"run {k + 1}: first verdict {first:.1f} s, later verdict {later * 1000:.0f} ms, "
                      f"{loaded / 1e6:.1f} MB loaded after the page ({verdicts})", flush=True)
        finally:
            browser.close()
    print(f"median of {runs}: first {statistics.median(r[0] for r in results):.1f} s (goal <= 10), later "
          f"{statistics.median(r[1] for r in results) * 1000:.0f} ms (goal <= 1000), "
          f"{statistics.median(r[2] for r in results) / 1e6:.1f} MB (goal <= 25)")


if __name__ == "__main__":
    main(sys.argv[1:])
