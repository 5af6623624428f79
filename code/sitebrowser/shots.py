"""Screenshots of built pages to read them as a student would: light and dark, desktop and a 390 px phone.

    python -m sitebrowser.shots chapters/kl index            # every view of two pages
    python -m sitebrowser.shots --views phone-dark errata    # one view
    python -m sitebrowser.shots --open chapters/kl           # every fold opened

Each page is loaded in each view (:data:`VIEWS`), captured whole and cut
into tiles of one screen's height, as the reader scrolls through it:
``_build/review/<page>/<view>-NN.png``. A phone's tiles are also laid side
by side, three to a sheet (``<view>-sheet-NN.png``), to read a long page at
a glance. The site is served on 127.0.0.1 (sitebrowser.server) and the
browser reaches nothing else (sitebrowser.chrome).
"""

from __future__ import annotations

import argparse
import base64
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from . import chrome, contrast, phone
from .server import SiteServer

ROOT = Path.cwd()
SITE = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "review"
SHEET = 3  # phone tiles on one sheet


@dataclass(frozen=True)
class View:
    """A screen (None: the desktop window, chrome.WINDOW) and a colour scheme."""

    device: dict | None
    scheme: str


VIEWS = {
    "desktop-light": View(None, "light"),
    "desktop-dark": View(None, "dark"),
    "phone-light": View(phone.PHONE, "light"),
    "phone-dark": View(phone.PHONE, "dark"),
}

# Opens every fold (details, sphinx-togglebutton) without their fade.
_OPEN_FOLDS = r"""
const still = document.createElement('style');
still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
document.head.appendChild(still);
document.querySelectorAll('details').forEach(d => { d.open = true; });
document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
document.querySelectorAll('button.toggle-button').forEach(b => b.classList.remove('toggle-button-hidden'));
"""


def page_path(name: str) -> str:
    """'chapters/kl', 'chapters/kl.md' or 'chapters/kl.html' -> 'chapters/kl.html'."""
    name = name.removeprefix("docs/").removeprefix("_build/html/")
    return name.removesuffix(".md").removesuffix(".html") + ".html"


def capture(browser: chrome.Browser, device: dict | None, scratch: Path) -> Image.Image:
    """The whole loaded page as one image (taller pages than Chrome paints at once are captured in parts)."""
    height = browser.driver.execute_script("return document.documentElement.scrollHeight")
    if height <= chrome.MAX_SCREENSHOT_HEIGHT:
        browser.screenshot(scratch, device=device)
        image = Image.open(io.BytesIO(scratch.read_bytes())).convert("RGB")
        scratch.unlink()
        return image
    # Too tall: screen by screen, each scrolled so that the next row not yet captured lies just under
    # the sticky header (drawn on every screen).
    screen = browser.driver.execute_script("return window.innerHeight")
    header = browser.driver.execute_script(
        "const h = document.querySelector('.bd-header-article, header.bd-header');"
        "return h ? Math.ceil(h.getBoundingClientRect().bottom) : 0;")
    parts, covered = [], 0
    while covered < height:
        browser.driver.execute_script("window.scrollTo(0, arguments[0])", max(0, covered - header))
        shown = browser.driver.execute_script("return window.scrollY")
        shot = base64.b64decode(browser.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})["data"])
        image = Image.open(io.BytesIO(shot)).convert("RGB")
        parts.append(image.crop((0, covered - shown, image.width, screen)))
        covered = shown + screen
    browser.driver.execute_script("window.scrollTo(0, 0)")
    whole = Image.new("RGB", (parts[0].width, sum(p.height for p in parts)), "white")
    y = 0
    for part in parts:
        whole.paste(part, (0, y))
        y += part.height
    return whole


def tiles(image: Image.Image, height: int) -> list[Image.Image]:
    """The image cut into tiles ``height`` pixels high (the last one shorter)."""
    return [image.crop((0, top, image.width, min(image.height, top + height)))
            for top in range(0, image.height, height)]


def sheets(parts: list[Image.Image], per_sheet: int = SHEET, gap: int = 12) -> list[Image.Image]:
    """Tiles laid side by side, ``per_sheet`` to an image, on a grey ground."""
    out = []
    for start in range(0, len(parts), per_sheet):
        group = parts[start:start + per_sheet]
        width = sum(p.width for p in group) + gap * (len(group) - 1)
        sheet = Image.new("RGB", (width, max(p.height for p in group)), (128, 128, 128))
        x = 0
        for part in group:
            sheet.paste(part, (x, 0))
            x += part.width + gap
        out.append(sheet)
    return out


def shoot(browser: chrome.Browser, url: str, view: View, folder: Path, name: str, open_folds: bool) -> list[Path]:
    """Screenshots of one page in one view: its tiles (and, on a phone, its sheets)."""
    contrast.color_scheme(browser.driver, view.scheme)
    phone.emulate(browser.driver, view.device)
    try:
        browser.visit(url)
        if open_folds:
            browser.driver.execute_script(_OPEN_FOLDS)
        screen = browser.driver.execute_script("return window.innerHeight")
        whole = capture(browser, view.device, folder / ".capture.png")
    finally:
        phone.emulate(browser.driver, None)
        contrast.color_scheme(browser.driver, None)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    written = []
    cut = tiles(whole, screen)
    for i, tile in enumerate(cut, 1):
        written.append(folder / f"{name}-{i:02d}.png")
        tile.save(written[-1])
    if view.device:
        for i, sheet in enumerate(sheets(cut), 1):
            written.append(folder / f"{name}-sheet-{i:02d}.png")
            sheet.save(written[-1])
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebrowser.shots", description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="+", help="pages of the built site: chapters/kl, index, errata.html, ...")
    parser.add_argument("--site", type=Path, default=SITE, help=f"the built site (default {SITE})")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where the screenshots go (default {OUT})")
    parser.add_argument("--views", default=",".join(VIEWS),
                        help=f"comma-separated, of {', '.join(VIEWS)} (default: all)")
    parser.add_argument("--open", action="store_true", help="open every fold before the capture")
    args = parser.parse_args(argv)
    unknown = [v for v in args.views.split(",") if v not in VIEWS]
    if unknown:
        parser.error(f"unknown view(s) {unknown}: choose among {', '.join(VIEWS)}")
    missing = [p for p in map(page_path, args.pages) if not (args.site / p).is_file()]
    if missing:
        parser.error(f"not in {args.site}: {', '.join(missing)} (run `make html` first, or check the name)")
    browser = chrome.Browser(settle_timeout_ms=60_000)
    try:
        with SiteServer(args.site) as server:
            for page in map(page_path, args.pages):
                folder = args.out / page.removesuffix(".html").replace("/", "-")
                for view in args.views.split(","):
                    name = view + ("-open" if args.open else "")
                    written = shoot(browser, server.url(page), VIEWS[view], folder, name, args.open)
                    tiles_written = [p for p in written if "-sheet-" not in p.name]
                    print(f"{page} {name}: {len(tiles_written)} tiles in {folder}", flush=True)
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
