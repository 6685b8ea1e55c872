"""How alike two short Chinese texts are, for spotting repeat calls: Jaccard over character bigrams."""

import re

WORDS = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+")


def bigrams(text: str) -> frozenset[str]:
    grams = set()
    for run in WORDS.findall((text or "").lower()):
        if run.isascii():
            grams.add(run)
        else:
            grams.update(run[i : i + 2] for i in range(max(len(run) - 1, 1)))
    return frozenset(grams)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
