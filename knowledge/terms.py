"""Terms of the knowledge base's inverted index, shared by indexing and searching so both agree.

Chinese has no spaces and callers rarely use an article's wording ("暖气不热" for 供热温度不达标), so
a CJK run is cut into overlapping character bigrams: any two-character word the caller and the
article share is a hit, without a dictionary or a segmenter to install and keep up to date. Latin
letters and digits (12345, app, 5g) are kept as whole lower-case words. No database here."""

import math
import re
import unicodedata
from collections import Counter

TERM_MAX_LENGTH = 32

TITLE_WEIGHT = 3.0
KEYWORDS_WEIGHT = 3.0
BODY_WEIGHT = 1.0

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[a-z0-9]+")

# Callers wrap almost every consultation in these; as bigrams they would match articles on phrasing
# ("怎么办") rather than on the matter.
FILLER_BIGRAMS = frozenset({"请问", "怎么", "么办", "怎样", "如何", "什么", "为什", "么时", "是否", "一下"})


def _normalised(text: str) -> str:
    """Full-width letters and digits (１２３４５, ＡＰＰ) become their ASCII forms, then lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _run_terms(run: str) -> list[str]:
    if run.isascii():
        return [run[:TERM_MAX_LENGTH]]
    if len(run) == 1:
        return [run]
    bigrams = (run[i : i + 2] for i in range(len(run) - 1))
    return [bigram for bigram in bigrams if bigram not in FILLER_BIGRAMS]


def text_terms(text: str) -> list[str]:
    """Every term occurrence of ``text``, in order, repeats included."""
    return [term for run in _TOKEN.findall(_normalised(text)) for term in _run_terms(run)]


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, in the order they first appear."""
    return list(dict.fromkeys(text_terms(text)))


def document_term_weights(*, title: str, keywords: str, body: str) -> dict[str, float]:
    """term → weight for one article. A word in the title or keywords counts three times as much as
    one in the body; repeats are damped logarithmically so a long body cannot win by repetition."""
    raw: Counter[str] = Counter()
    for text, field_weight in ((title, TITLE_WEIGHT), (keywords, KEYWORDS_WEIGHT), (body, BODY_WEIGHT)):
        for term, occurrences in Counter(text_terms(text)).items():
            raw[term] += field_weight * occurrences
    return {term: 1.0 + math.log(value) for term, value in raw.items()}


def inverse_document_frequency(*, document_frequency: int, documents: int) -> float:
    """BM25's idf: rare terms weigh more, and a term found in every article still counts a little
    (never zero or negative, so a query made only of common words still ranks something)."""
    return math.log(1.0 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))
