"""``python -m bookpdf SITE OUT.pdf``: print the single-page build in SITE to OUT.pdf and say what it made."""

import argparse
import sys
from pathlib import Path

from . import printing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookpdf", description=__doc__)
    parser.add_argument("site", type=Path, help="the singlehtml build (its index.html is the whole book)")
    parser.add_argument("out", type=Path, help="the PDF to write")
    args = parser.parse_args(argv)
    try:
        book = printing.print_book(args.site, args.out)
    except (printing.BookPrintError, FileNotFoundError) as exc:
        print(f"bookpdf: {exc}", file=sys.stderr)
        return 1
    print(f"bookpdf: wrote {book.path} ({book.pages} pages, {book.seconds:.0f} s to print)")
    for title, page in book.starts.items():
        print(f"  p. {page:>3}  {title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
