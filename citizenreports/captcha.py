"""A captcha without an outside service: a sum drawn as an SVG picture by the server (strokes, not
text, so a scraper has to read the drawing), its question kept in the server-side session and
answered once. It slows down scripts that would make the form send SMS at the city's cost; the
limits per phone and per address (citizenreports.limits) are the hard stop.

The question lives in the session: the project uses the database session engine, whose data never
leaves the server (a signed-cookie engine would show the question to the client)."""

import secrets
import time

from citizenreports.phone_codes import ascii_number

SESSION_KEY = "citizenreports.captcha"
LIFETIME_SECONDS = 600

# Seven-segment glyphs on a 20 × 36 box: each segment a line between two corners.
CORNERS = {"tl": (0, 0), "tr": (20, 0), "ml": (0, 18), "mr": (20, 18), "bl": (0, 36), "br": (20, 36)}
SEGMENTS = {
    "a": ("tl", "tr"),
    "b": ("tr", "mr"),
    "c": ("mr", "br"),
    "d": ("bl", "br"),
    "e": ("ml", "bl"),
    "f": ("tl", "ml"),
    "g": ("ml", "mr"),
}
DIGITS = ["abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg", "abcdfg"]
SYMBOLS = {
    "+": [((10, 8), (10, 28)), ((2, 18), (18, 18))],
    "=": [((2, 13), (18, 13)), ((2, 23), (18, 23))],
}
GLYPH_STEP = 30
HEIGHT = 60


def _operands() -> tuple[int, int]:
    """The two numbers of a new question (tests replace this to know the answer)."""
    return 10 + secrets.randbelow(40), 1 + secrets.randbelow(9)


def captcha_new(session) -> None:
    """Ask a new question in this session, replacing any earlier one."""
    first, second = _operands()
    session[SESSION_KEY] = {"first": first, "second": second, "at": int(time.time())}


def captcha_question(session) -> tuple[int, int]:
    """The question this session is asked; a new one when there is none."""
    if SESSION_KEY not in session:
        captcha_new(session)
    question = session[SESSION_KEY]
    return question["first"], question["second"]


def captcha_pass(session, answer: str) -> bool:
    """Whether ``answer`` solves this session's question. A question is answered once, right or
    wrong: every check asks a new one, so guesses cannot be repeated against the same picture."""
    question = session.pop(SESSION_KEY, None)
    captcha_new(session)
    if question is None or time.time() - question["at"] > LIFETIME_SECONDS:
        return False
    return ascii_number(answer) == str(question["first"] + question["second"])


def _jitter(amount: float) -> float:
    return (secrets.randbelow(2001) - 1000) / 1000 * amount


def _glyph_lines(char: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    if char.isdigit():
        return [(CORNERS[SEGMENTS[s][0]], CORNERS[SEGMENTS[s][1]]) for s in DIGITS[int(char)]]
    return SYMBOLS[char]


def captcha_svg(first: int, second: int) -> str:
    """The question "first + second =" as an SVG drawing: every glyph shifted, slanted and its
    strokes shaken a little, over a few crossing lines."""
    text = f"{first}+{second}="
    width = GLYPH_STEP * len(text) + 20
    paths = []
    for index, char in enumerate(text):
        left, top, slant = 12 + index * GLYPH_STEP + _jitter(3), 12 + _jitter(4), _jitter(0.25)
        for (x1, y1), (x2, y2) in _glyph_lines(char):
            points = [
                (left + x + slant * (36 - y) + _jitter(1.5), top + y + _jitter(1.5))
                for x, y in ((x1, y1), (x2, y2))
            ]
            paths.append("M{:.1f} {:.1f}L{:.1f} {:.1f}".format(*points[0], *points[1]))
    noise = []
    for _ in range(3):
        left, right = 10 + secrets.randbelow(HEIGHT - 20), 10 + secrets.randbelow(HEIGHT - 20)
        noise.append(f"M0 {left}L{width} {right}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" '
        f'viewBox="0 0 {width} {HEIGHT}">'
        f'<rect width="{width}" height="{HEIGHT}" fill="#f4f6f8"/>'
        f'<path d="{" ".join(noise)}" stroke="#9aa5b1" stroke-width="1.5" fill="none"/>'
        f'<path d="{" ".join(paths)}" stroke="#1f2933" stroke-width="3.2" stroke-linecap="round" fill="none"/>'
        "</svg>"
    )
