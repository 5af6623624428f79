"""Debian's headless Chromium, driven by selenium, with the network blocked and every request recorded.

``Browser.visit`` loads a page, waits for MathJax, the images and the fonts,
and returns what the checks need: the page's own inspection (math, images,
raw TeX) and, from Chrome's performance and console logs, every request the
page made, every response status and every console error.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.selenium_manager import SeleniumManager
from selenium.webdriver.support.ui import WebDriverWait

from . import glyphs, unrendered

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1280, 900)
SETTLE_TIMEOUT_MS = 20_000  # MathJax startup, each image, each <object>
# Chrome cannot paint a screenshot taller than its largest texture.
MAX_SCREENSHOT_HEIGHT = 16_000


class ChromiumMissing(RuntimeError):
    """Debian's chromium or chromedriver is not installed."""


def require_chromium() -> None:
    """Fail with the command to run when Debian's chromium or its driver is absent."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        raise ChromiumMissing(
            f"{' and '.join(missing)} not found: the browser tests drive Debian's Chromium. "
            "Install it with `apt-get install chromium chromium-driver` (no browser is downloaded)."
        )


def _refuse_selenium_manager(*args, **kwargs):
    """Stands in for selenium-manager, which would download a driver or a browser."""
    raise RuntimeError(
        "selenium tried to run selenium-manager (it downloads drivers and browsers); "
        f"the tests must use {CHROMEDRIVER} and {CHROMIUM}"
    )


def _options(dead_proxy_port: int) -> webdriver.ChromeOptions:
    """Headless Chromium that can reach 127.0.0.1 only, with its performance and console logs on."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        # Chromium's sandbox cannot start as root, as in CI containers.
        "--no-sandbox",
        # Every host name but 127.0.0.1 fails to resolve...
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        # ...and anything that bypasses the resolver goes to a proxy that refuses connections.
        f"--proxy-server=http://127.0.0.1:{dead_proxy_port}",
        "--proxy-bypass-list=127.0.0.1",
        # The browser's own traffic (updates, sync, metrics, safe browsing lists).
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--no-first-run",
        "--no-default-browser-check",
        "--no-pings",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


def launch(dead_proxy_port: int, settle_timeout_ms: int = SETTLE_TIMEOUT_MS,
           page_load_timeout_s: float = 60) -> webdriver.Chrome:
    """Start Debian's chromedriver and Chromium; selenium-manager is made to fail if selenium calls it."""
    require_chromium()
    service = Service(executable_path=str(CHROMEDRIVER))
    with mock.patch.object(SeleniumManager, "binary_paths", _refuse_selenium_manager):
        driver = webdriver.Chrome(service=service, options=_options(dead_proxy_port))
    driver.set_script_timeout(4 * settle_timeout_ms / 1000)
    driver.set_page_load_timeout(page_load_timeout_s)
    return driver


# --------------------------------------------------------------------------
# What the page reports about itself, once settled

# Waits for MathJax's first typesetting, every <img> and <object>, and the
# fonts; then reports math that was not typeset, MathJax errors, undefined
# macros, raw TeX left in the text and images that did not load.
_INSPECT = r"""
const done = arguments[arguments.length - 1];
const TIMEOUT_MS = arguments[0];
const HIDDEN = arguments[1], ERROR_BOXES = arguments[2];  // from unrendered.py

function within(promise, what) {
  return Promise.race([promise, new Promise((_, reject) =>
    setTimeout(() => reject(new Error(what + ' did not finish within ' + TIMEOUT_MS + ' ms')), TIMEOUT_MS))]);
}

function settled(element, isDone) {
  if (isDone()) return Promise.resolve();
  return new Promise(resolve => {
    element.addEventListener('load', resolve, {once: true});
    element.addEventListener('error', resolve, {once: true});
    setTimeout(resolve, TIMEOUT_MS);
  });
}

async function typeset() {
  const mathjaxScript = document.querySelector('script[src*="mathjax/"]');
  if (!mathjaxScript) return false;
  const start = performance.now();
  while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
    if (performance.now() - start > TIMEOUT_MS)
      throw new Error('MathJax did not start (' + mathjaxScript.getAttribute('src') + ')');
    await new Promise(r => setTimeout(r, 50));
  }
  await within(MathJax.startup.promise, 'MathJax typesetting');
  return true;
}

async function typesetLate(maths) {
  // MathJax's startup promise covers its first typesetting of the page. Math still untypeset
  // then (re-rendered, or not yet reached) gets the same time again; the wait is reported.
  const start = performance.now();
  while (maths.some(el => !el.querySelector('mjx-container')) && performance.now() - start < TIMEOUT_MS)
    await new Promise(r => setTimeout(r, 100));
  return Math.round(performance.now() - start);
}

function mathjaxState() {
  // What MathJax knows when math is missing: the formulas it found, those whose output is still
  // in the page, and the document's state (to tell output removed from math never found).
  const doc = window.MathJax && MathJax.startup && MathJax.startup.document;
  if (!doc || !doc.math) return 'MathJax has no document';
  const items = Array.from(doc.math);
  const shown = items.filter(i => i.typesetRoot && i.typesetRoot.isConnected).length;
  return `MathJax found ${items.length} formulas, ${shown} of them shown; document ${document.readyState}`;
}

function undefinedMacros() {
  // MathJax's noundefined package renders an unknown \macro as red text, and a macro in \text{…} or
  // \texttt{…} that text mode does not read (\_ without the textmacros package) is shown as typed:
  // either way a backslash reaches the reader in an <mtext>.
  const found = [];
  if (!(window.MathJax && MathJax.startup && MathJax.startup.document && MathJax.startup.toMML)) return found;
  for (const item of MathJax.startup.document.math) {
    const mml = MathJax.startup.toMML(item.root);
    for (const m of mml.matchAll(/<mtext[^>]*>([^<]*\\[^<]*)<\/mtext>/g))
      found.push(m[1] + ' in ' + item.math.trim().slice(0, 80));
  }
  return found;
}

function labelsPastTheirBoxes(objects) {
  // Graphviz sizes each node for its label in the font metrics it knows; a browser that draws the
  // label in a wider font lets it run past the node's border.
  const found = [];
  for (const o of objects) {
    const svg = o.contentDocument && o.contentDocument.documentElement;
    if (!svg || svg.localName !== 'svg') continue;
    for (const node of svg.querySelectorAll('g.node')) {
      const shape = node.querySelector('polygon, ellipse, path');
      if (!shape) continue;
      const box = shape.getBBox();
      for (const text of node.querySelectorAll('text')) {
        const b = text.getBBox();
        if (b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5)
          found.push(`${o.getAttribute('data').split('/').pop()}: "${text.textContent}"`);
      }
    }
  }
  return found;
}

function rawTex() {
  // Text the reader sees, without code, scripts, typeset (or untypeset) math
  // and the fallback text inside <object> (Graphviz puts the DOT source there).
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('script, style, pre, code, textarea, mjx-container, .math, .highlight, object')
    .forEach(e => e.remove());
  const text = clone.textContent;
  const pattern = /\\\(|\\\[|\$\$|\\begin\{|\$[^$\n]{0,200}?(\\[A-Za-z]+|[_^])[^$\n]{0,200}?\$/g;
  return Array.from(text.matchAll(pattern),
    m => text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40).replace(/\s+/g, ' ').trim());
}

function shownText() {
  // The text the reader sees, code blocks included (a directive's source
  // shown as a literal block is there).
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll(HIDDEN).forEach(e => e.remove());
  return clone.textContent;
}

(async () => {
  const images = Array.from(document.images);
  images.forEach(img => { if (img.loading === 'lazy') img.loading = 'eager'; });
  const objects = Array.from(document.querySelectorAll('object[data]'));
  const objectLoaded = o => !!(o.contentDocument && o.contentDocument.documentElement
    && o.contentDocument.readyState === 'complete' && o.contentDocument.URL !== 'about:blank');
  const hasMathJax = await typeset();
  await Promise.all(images.map(img => settled(img, () => img.complete)));
  await Promise.all(objects.map(o => settled(o, () => objectLoaded(o))));
  await within(document.fonts.ready, 'font loading');
  const maths = Array.from(document.querySelectorAll('span.math, div.math'));
  const lateMs = hasMathJax ? await typesetLate(maths) : 0;
  const untypeset = maths.filter(el => !el.querySelector('mjx-container'));
  return {
    title: document.title.trim(),
    mathjax: hasMathJax,
    math_elements: maths.length,
    typeset_late_ms: lateMs,
    untypeset: untypeset.map(el => el.textContent.trim().slice(0, 80)),
    mathjax_state: untypeset.length ? mathjaxState() : '',
    labels_past_boxes: labelsPastTheirBoxes(objects),
    math_errors: Array.from(document.querySelectorAll('mjx-merror'),
                            e => e.getAttribute('data-mjx-error') || e.textContent.slice(0, 80)),
    undefined_macros: undefinedMacros(),
    raw_tex: rawTex(),
    shown_text: shownText(),
    error_boxes: Array.from(document.querySelectorAll(ERROR_BOXES), e => e.textContent.trim().slice(0, 200)),
    images: images.length + objects.length,
    broken_images: images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.getAttribute('src'))
      .concat(objects.filter(o => !objectLoaded(o)
                               || (o.type === 'image/svg+xml' && o.contentDocument.documentElement.localName !== 'svg'))
                     .map(o => o.getAttribute('data'))),
  };
})().then(done, error => done({error: String(error && error.message || error)}));
"""


# --------------------------------------------------------------------------
# What the browser recorded


@dataclass
class Request:
    """One request the page made, with the response status (None if none came) or the failure."""

    url: str
    kind: str
    status: int | None = None
    failure: str | None = None


@dataclass
class Visit:
    """Everything recorded while loading one page."""

    url: str
    inspection: dict
    requests: list[Request] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def _requests(performance_log: list[dict]) -> list[Request]:
    """The requests in a Chrome performance log, in order, each with its outcome."""
    by_id: dict[str, Request] = {}
    ordered: list[Request] = []
    for entry in performance_log:
        message = json.loads(entry["message"])["message"]
        method, params = message["method"], message.get("params", {})
        if method == "Network.requestWillBeSent":
            request = Request(params["request"]["url"], params.get("type", "?"))
            by_id[params["requestId"]] = request
            ordered.append(request)
        elif method == "Network.webSocketCreated":
            ordered.append(Request(params["url"], "WebSocket"))
        elif method == "Network.responseReceived" and params["requestId"] in by_id:
            by_id[params["requestId"]].status = params["response"]["status"]
        elif method == "Network.loadingFailed" and params["requestId"] in by_id:
            reason = params.get("blockedReason") or params.get("corsErrorStatus") or ""
            by_id[params["requestId"]].failure = f"{params.get('errorText', '')} {reason}".strip()
    return ordered


def network_problems(visit: Visit, origin: str) -> list[str]:
    """Requests that left the local server, failed, or got an HTTP error; and a page that did not load."""
    problems = []
    local = urlsplit(origin)
    for r in visit.requests:
        where = urlsplit(r.url)
        if where.scheme in ("data", "blob"):
            continue
        if (where.scheme, where.hostname, where.port) != (local.scheme, local.hostname, local.port):
            problems.append(f"request left 127.0.0.1: {r.url} ({r.kind})")
        elif r.status is not None and r.status >= 400:
            problems.append(f"HTTP {r.status} for {r.url} ({r.kind})")
        elif r.failure:
            problems.append(f"failed to load {r.url} ({r.kind}): {r.failure}")
    documents = [r for r in visit.requests if r.kind == "Document" and r.url == visit.url]
    if not documents:
        problems.append("no request for the page itself was recorded")
    elif documents[0].status != 200:
        problems.append(f"the page itself answered HTTP {documents[0].status}")
    return problems


def _inspection_problems(page: dict) -> list[str]:
    """What the page's own inspection found wrong: title, math, raw TeX, source shown as text, images."""
    if "error" in page:
        return [f"the page did not settle: {page['error']}"]
    problems = []
    if not page["title"]:
        problems.append("no title")
    if page["untypeset"]:
        problems.append(f"{len(page['untypeset'])} of {page['math_elements']} math elements not typeset "
                        f"by MathJax ({page['mathjax_state']}): {page['untypeset'][:5]}")
    if page["math_errors"]:
        problems.append(f"{len(page['math_errors'])} MathJax errors: {page['math_errors'][:5]}")
    if page["undefined_macros"]:
        problems.append(f"undefined TeX macros: {page['undefined_macros'][:5]}")
    if page["raw_tex"]:
        problems.append(f"{len(page['raw_tex'])} spots of raw TeX in the text: {page['raw_tex'][:5]}")
    problems += unrendered.problems(page["shown_text"], page["error_boxes"])
    problems += glyphs.problems(page["shown_text"])
    if page["labels_past_boxes"]:
        problems.append(f"{len(page['labels_past_boxes'])} graph labels run past their boxes: "
                        f"{page['labels_past_boxes'][:5]}")
    if page["broken_images"]:
        problems.append(f"{len(page['broken_images'])} of {page['images']} images did not load: "
                        f"{page['broken_images']}")
    return problems


def page_problems(visit: Visit, origin: str) -> list[str]:
    """Everything wrong with a visited page: its load, math, images, console and network."""
    problems = _inspection_problems(visit.inspection)
    problems += [f"console error: {message}" for message in visit.console_errors]
    problems += network_problems(visit, origin)
    return list(dict.fromkeys(problems))  # a resource retried is one problem, said once


class Browser:
    """A Chromium session that can reach only 127.0.0.1, and records each page's traffic and console."""

    def __init__(self, settle_timeout_ms: int = SETTLE_TIMEOUT_MS, page_load_timeout_s: float = 60):
        """``settle_timeout_ms`` bounds MathJax's typesetting and each image's load; a long page needs more."""
        self.settle_timeout_ms = settle_timeout_ms
        # A bound socket that never listens: connections to it are refused,
        # so it is a proxy that lets nothing through.
        self._dead_proxy = socket.socket()
        self._dead_proxy.bind(("127.0.0.1", 0))
        self.driver = launch(self._dead_proxy.getsockname()[1], settle_timeout_ms, page_load_timeout_s)

    def _forget(self, url: str) -> None:
        """Clear the cache and the site's storage, so each page is checked as on a first visit.

        Otherwise a page passes because an earlier one cached its files or set
        its local storage (the theme stores the colour mode there).
        """
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        self.driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        self.driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})

    def _drain_logs(self) -> tuple[list[dict], list[dict]]:
        return self.driver.get_log("performance"), self.driver.get_log("browser")

    def visit(self, url: str, until: str | None = None) -> Visit:
        """Load a page, let it settle (MathJax, images, fonts) and return what was recorded.

        ``until`` is a JavaScript expression that must become true before the
        logs are read (for pages that keep working after they settle, like search).
        """
        self._forget(url)
        self._drain_logs()  # what earlier pages left behind
        self.driver.get(url)
        if until:  # the page's own work first, so that the inspection sees its result
            WebDriverWait(self.driver, self.settle_timeout_ms / 1000).until(
                lambda d: d.execute_script(f"return !!({until});"),
                message=f"{url}: still waiting, after {self.settle_timeout_ms} ms, for {until}",
            )
        inspection = self.inspect()
        performance, console = self._drain_logs()
        return Visit(
            url=url,
            inspection=inspection,
            requests=_requests(performance),
            console_errors=[e["message"] for e in console if e["level"] == "SEVERE"],
        )

    def inspect(self) -> dict:
        """What the current page reports about itself once settled (see _INSPECT)."""
        return self.driver.execute_async_script(
            _INSPECT, self.settle_timeout_ms, unrendered.HIDDEN, unrendered.ERROR_BOXES)

    def screenshot(self, path: Path, device: dict | None = None) -> Path:
        """Save a full-page PNG of the current page (cut at MAX_SCREENSHOT_HEIGHT).

        The window is made as tall as the page, rather than asking Chrome to
        capture beyond the viewport: that keeps the viewport-high sidebars and
        leaves no blank band where the layout changed during the capture.
        ``device``: the emulated device's metrics the page is shown on (see
        sitebrowser.phone), kept (but for the height) and restored afterwards;
        None: the window, at one pixel per CSS pixel.
        """
        width, height = self.driver.execute_script(
            "return [window.innerWidth, document.documentElement.scrollHeight]")
        metrics = {"width": width, "deviceScaleFactor": 1, "mobile": False, **(device or {})}
        for _ in range(3):  # a taller window can make the page taller (its sidebars are window-high)
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                **metrics, "height": min(height, MAX_SCREENSHOT_HEIGHT),
            })
            taller = self.driver.execute_script("return document.documentElement.scrollHeight")
            if taller == height:
                break
            height = taller
        try:
            shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        finally:
            if device:
                self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", device)
            else:
                self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self):
        self.driver.quit()
        self._dead_proxy.close()


def clear_screenshots(directory: Path) -> None:
    """Remove the screenshots of an earlier run, so that none is mistaken for this run's."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
