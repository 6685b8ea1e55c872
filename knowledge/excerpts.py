"""The short passage of an article shown beside a search hit, so an operator can tell at a glance
whether it answers the caller. No database here."""

import re
from collections.abc import Iterable

_WHITESPACE = re.compile(r"\s+")


def excerpt(body: str, *, terms: Iterable[str], width: int = 120) -> str:
    """About ``width`` characters of ``body`` around the first place a query term appears (the start
    when none does), with "…" where text was cut. Markup is left as it is: clients escape it."""
    text = _WHITESPACE.sub(" ", body).strip()
    if len(text) <= width:
        return text
    lowered = text.lower()
    positions = [found for term in terms if (found := lowered.find(term)) >= 0]
    # Some words before the hit give the operator the context the sentence starts in.
    start = max(0, min(positions) - width // 4) if positions else 0
    start = min(start, len(text) - width)
    passage = text[start : start + width]
    return ("…" if start > 0 else "") + passage + ("…" if start + width < len(text) else "")
