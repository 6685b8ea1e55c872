"""Cross-validation: how well the model would have done on examples it was not trained on."""

from dataclasses import dataclass

from sklearn.metrics import classification_report, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from hotline.category_model.model import pipeline_make
from hotline.category_model.training_data import TrainingSet


@dataclass(frozen=True)
class Evaluation:
    macro_f1: float
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


def cross_validate(training_set: TrainingSet, *, folds: int) -> Evaluation:
    """Stratified so every fold sees every class; shuffled with a fixed seed so a rerun on the same
    file gives the same numbers."""
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    predicted = cross_val_predict(pipeline_make(), training_set.texts, training_set.labels, cv=splitter)
    return Evaluation(
        macro_f1=float(f1_score(training_set.labels, predicted, average="macro", zero_division=0)),
        folds=folds,
        n_samples=len(training_set.labels),
        n_classes=len(training_set.classes),
        report=classification_report(training_set.labels, predicted, digits=3, zero_division=0),
    )
