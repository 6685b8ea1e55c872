"""Cross-validation: how well the model would have done on examples it was not trained on, beside a
plain baseline scored on the same folds."""

from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import classification_report, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from hotline.category_model.model import pipeline_make
from hotline.category_model.training_data import TrainingSet

# Fixed so that a rerun on the same file gives the same folds, hence the same numbers.
FOLD_SEED = 0
BASELINE_NAME = "plain char 1-3-gram TF-IDF + LinearSVC"


@dataclass(frozen=True)
class Evaluation:
    macro_f1: float
    baseline_macro_f1: float
    folds: int
    n_samples: int
    n_classes: int
    report: str

    @property
    def summary(self) -> str:
        return (
            f"macro-F1: {self.macro_f1:.3f} "
            f"({self.folds}-fold, {self.n_samples} samples, {self.n_classes} classes)"
        )

    @property
    def baseline_line(self) -> str:
        return f"baseline ({BASELINE_NAME}, same folds): macro-F1 {self.baseline_macro_f1:.3f}"

    @property
    def final_line(self) -> str:
        return f"macro-F1 {self.macro_f1:.3f}"


def baseline_pipeline_make() -> Pipeline:
    """What any model of ours must at least match: scikit-learn's defaults, nothing tuned."""
    return Pipeline(
        [("features", TfidfVectorizer(analyzer="char", ngram_range=(1, 3))), ("classifier", LinearSVC())]
    )


def _macro_f1(labels: list[str], predicted) -> float:
    return float(f1_score(labels, predicted, average="macro", zero_division=0))


def cross_validate(training_set: TrainingSet, *, folds: int) -> Evaluation:
    """Stratified so every fold sees every class; the model and the baseline get the same folds."""
    splits = list(
        StratifiedKFold(n_splits=folds, shuffle=True, random_state=FOLD_SEED).split(
            training_set.texts, training_set.labels
        )
    )
    texts, labels = training_set.texts, training_set.labels
    predicted = cross_val_predict(pipeline_make(), texts, labels, cv=splits)
    baseline = cross_val_predict(baseline_pipeline_make(), texts, labels, cv=splits)
    return Evaluation(
        macro_f1=_macro_f1(labels, predicted),
        baseline_macro_f1=_macro_f1(labels, baseline),
        folds=folds,
        n_samples=len(labels),
        n_classes=len(training_set.classes),
        report=classification_report(labels, predicted, digits=3, zero_division=0),
    )
