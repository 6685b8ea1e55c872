"""suggest_categories(): the categories an operator is offered for a ticket's text."""

import os
import threading
from dataclasses import dataclass
from typing import Literal

from hotline.category_model.keywords import keyword_leaf_make, keyword_scores
from hotline.category_model.model import CategoryModel, load, model_path
from hotline.models import Category

Source = Literal["model", "keywords"]


@dataclass(frozen=True)
class Suggestion:
    category_code: str
    category_path: str
    score: float
    source: Source
    default_tier: str
    matter: str
    department_kind_code: str | None


class _ModelCache:
    """One loaded model per process, reloaded when the file is replaced: unpickling takes far
    longer than a suggestion, and training runs in another process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._model: CategoryModel | None = None

    def get(self) -> CategoryModel | None:
        path = model_path()
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return None
        # The inode changes on every save (written beside and renamed), even within one mtime tick.
        key = (str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino)
        with self._lock:
            if key != self._key:
                # An unreadable file is remembered too, so it is warned about once, not per call.
                self._model, self._key = load(path), key
            return self._model


_cache = _ModelCache()


def _active_leaves(codes: list[str] | None = None):
    leaves = Category.objects.filter(level=3, is_active=True).select_related("department_kind")
    return leaves if codes is None else leaves.filter(code__in=codes)


def _suggestion(category: Category, score: float, source: Source) -> Suggestion:
    return Suggestion(
        category_code=category.code,
        category_path=category.display_path,
        score=round(min(max(score, 0.0), 1.0), 3),
        source=source,
        default_tier=category.default_tier,
        matter=category.matter,
        department_kind_code=category.department_kind.code if category.department_kind else None,
    )


def _from_model(model: CategoryModel, text: str, limit: int) -> list[Suggestion]:
    probabilities = model.pipeline.predict_proba([text])[0]
    ranked = sorted(zip(model.pipeline.classes_, probabilities, strict=True), key=lambda item: -item[1])
    # Codes the tree no longer has (or has retired) are skipped, not shown: the model may be older.
    leaves = {category.code: category for category in _active_leaves([str(code) for code, _ in ranked])}
    found = [(leaves[str(code)], score) for code, score in ranked if str(code) in leaves]
    return [_suggestion(category, float(score), "model") for category, score in found[:limit]]


def _from_keywords(text: str, limit: int) -> list[Suggestion]:
    leaves = {category.code: category for category in _active_leaves()}
    rules = [
        keyword_leaf_make(code=category.code, name=category.name, keywords=category.keywords)
        for category in leaves.values()
    ]
    return [
        _suggestion(leaves[code], score, "keywords") for code, score in keyword_scores(text, rules)[:limit]
    ]


def suggest_categories(text: str, *, limit: int = 5) -> list[Suggestion]:
    """Best first. The model's when a trained one is on disk, keyword rules from the category tree
    otherwise (or when every class the model knows has left the tree); [] when nothing matches."""
    if not text.strip() or limit < 1:
        return []
    model = _cache.get()
    suggestions = _from_model(model, text, limit) if model is not None else []
    return suggestions or _from_keywords(text, limit)
