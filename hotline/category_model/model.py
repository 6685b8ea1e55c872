"""Training the category classifier and keeping it on disk with what it was trained from."""

import logging
import os
import tempfile
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import joblib
import sklearn
from django.conf import settings
from django.utils import timezone
from sklearn.exceptions import InconsistentVersionWarning
from sklearn.pipeline import Pipeline

from hotline.category_model.classifier import CalibratedLinearSVC
from hotline.category_model.features import vectorizer_make

logger = logging.getLogger(__name__)

_PAYLOAD_KEYS = {"pipeline", "trained_at", "n_samples", "labels", "sklearn_version"}


@dataclass(frozen=True)
class CategoryModel:
    pipeline: Pipeline
    trained_at: datetime
    n_samples: int
    labels: tuple[str, ...]
    sklearn_version: str


def model_path() -> Path:
    """Outside the repository (under VAR_DIR) unless a deployment says otherwise."""
    configured = getattr(settings, "CATEGORY_MODEL_PATH", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "models" / "category_model.joblib"


def pipeline_make() -> Pipeline:
    # A linear SVM on character n-grams, its margins calibrated into probabilities (the suggestions
    # show them as scores). It replaced a multinomial logistic regression that scored 0.66 macro-F1
    # on a public corpus of citizens' messages where a plain TF-IDF + LinearSVC scored 0.78; the
    # choice is measured by `evaluate_category_model`, which prints both.
    return Pipeline([("features", vectorizer_make()), ("classifier", CalibratedLinearSVC())])


def train(texts: list[str], labels: list[str]) -> Pipeline:
    return pipeline_make().fit(texts, labels)


def save(pipeline: Pipeline, path: Path, *, n_samples: int) -> Path:
    """Write to a temporary file and rename it, so a process reloading the model never reads half
    a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "pipeline": pipeline,
        "trained_at": timezone.now(),
        "n_samples": n_samples,
        "labels": tuple(str(label) for label in pipeline.classes_),
        "sklearn_version": sklearn.__version__,
    }
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        joblib.dump(payload, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def load(path: Path) -> CategoryModel | None:
    """None (with a warning) for a missing, unreadable or incompatible file: suggestions then fall
    back to keyword rules rather than failing an operator's intake form."""
    try:
        with warnings.catch_warnings():
            # Patch releases unpickle fine; a different major.minor is refused below with our own
            # message instead of sklearn's.
            warnings.simplefilter("ignore", InconsistentVersionWarning)
            payload = joblib.load(path)
    except FileNotFoundError:
        return None
    except Exception as error:  # noqa: BLE001
        # Unpickling a truncated or foreign file raises whatever the bytes lead to (the pickle docs
        # list "not necessarily limited to" four kinds); each means the same here: not usable.
        logger.warning("category model %s could not be read: %s", path, error)
        return None
    if not isinstance(payload, dict) or not payload.keys() >= _PAYLOAD_KEYS:
        logger.warning("category model %s is not a file written by this project", path)
        return None
    if _major_minor(payload["sklearn_version"]) != _major_minor(sklearn.__version__):
        logger.warning(
            "category model %s was trained with scikit-learn %s, this is %s: retrain it",
            path,
            payload["sklearn_version"],
            sklearn.__version__,
        )
        return None
    return CategoryModel(
        pipeline=payload["pipeline"],
        trained_at=payload["trained_at"],
        n_samples=payload["n_samples"],
        labels=tuple(payload["labels"]),
        sklearn_version=payload["sklearn_version"],
    )
