"""Characters that only a colour emoji font draws: on a machine without one the reader sees an empty box.

Debian's Chromium (the browser tests, the PDF) has none; nor do many Linux
desktops.  The site's marks are ✔ and ✘, which ordinary text fonts hold.
"""

import re

#: Emoji shown as pictures by default (✅ ❌ ❎ ❓ ❔ ❕ ❗, the pictographs from U+1F000),
#: and the selector that asks for the picture form of a character.
EMOJI = re.compile("[\u2705\u274c\u274e\u2753-\u2755\u2757\U0001f000-\U0001faff\ufe0f]")


def problems(shown_text: str) -> list[str]:
    """Each emoji the reader is shown, with the text around it.

    >>> problems("✔ 131 claims hold; ✘ 0 fail")
    []
    >>> problems("chapters/kl  cache  5.71  ✅")
    ['an emoji, an empty box without an emoji font: ✅ in "chapters/kl cache 5.71 ✅"']
    """
    return [f'an emoji, an empty box without an emoji font: {m.group()} in '
            f'"{" ".join(shown_text[max(0, m.start() - 30):m.end() + 30].split())}"'
            for m in EMOJI.finditer(shown_text)]
