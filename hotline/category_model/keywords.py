"""Keyword rules from the category tree: what suggests a category before any model is trained.
Pure functions over (code, name, keywords) so they can be tested without the database."""

from dataclasses import dataclass

from hotline.category_model.features import text_normalise

# A leaf's own name said verbatim ("井盖缺失破损") is as good as an operator's choice; it outweighs
# any pile of colloquial keywords.
NAME_WEIGHT = 12.0
# Raw points at which a score reaches one half: one four-character keyword ("暖气不热").
HALF_SCORE = 4.0


@dataclass(frozen=True)
class KeywordLeaf:
    code: str
    name: str
    keywords: tuple[str, ...]


def keyword_leaf_make(*, code: str, name: str, keywords: str) -> KeywordLeaf:
    return KeywordLeaf(
        code=code,
        name=text_normalise(name),
        keywords=tuple(dict.fromkeys(text_normalise(word) for word in keywords.split())),
    )


def _points(text: str, leaf: KeywordLeaf) -> float:
    # Longer keywords weigh more: "冷" or "坑" turn up in many unrelated calls, "暖气片漏水" does not.
    points = sum(text.count(word) * len(word) for word in leaf.keywords)
    if leaf.name and leaf.name in text:
        points += NAME_WEIGHT
    return points


def keyword_scores(text: str, leaves: list[KeywordLeaf]) -> list[tuple[str, float]]:
    """→ [(code, score in 0..1)], best first, only leaves that matched at all."""
    text = text_normalise(text)
    scored = [(leaf.code, _points(text, leaf)) for leaf in leaves]
    # Saturating rather than divided by the best match, so one weak hit stays a weak score.
    ranked = [(code, points / (points + HALF_SCORE)) for code, points in scored if points > 0]
    return sorted(ranked, key=lambda item: (-item[1], item[0]))
