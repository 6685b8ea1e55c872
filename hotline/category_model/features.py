"""Turning ticket text into features. Chinese has no spaces between words, so character n-grams
stand in for words: no segmenter (jieba) to install and no dictionary to keep up to date."""

import unicodedata

from sklearn.feature_extraction.text import TfidfVectorizer


def text_normalise(text: str) -> str:
    """NFKC folds full-width digits and letters (１６度, ＡＢＣ) into their ordinary forms, so that
    what callers type on a phone keyboard and what operators type match."""
    return unicodedata.normalize("NFKC", text).lower()


def vectorizer_make() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char",
        ngram_range=(1, 3),
        preprocessor=text_normalise,
        # A word said three times in one call is not three times as telling.
        sublinear_tf=True,
    )
