"""The classifier behind the suggestions: a linear SVM whose margins are calibrated into
probabilities, with a fallback for categories too small to calibrate on."""

from collections import Counter

from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

# Sigmoid (Platt) calibration fits two numbers per class on held-out margins; isotonic needs far
# more examples than a hotline's smaller categories have.
CALIBRATION_METHOD = "sigmoid"


class CalibratedLinearSVC(ClassifierMixin, BaseEstimator):
    """LinearSVC (classes weighted by their inverse frequency, so a category with a dozen examples
    is not drowned by one with hundreds) calibrated by internal cross-validation.

    Calibration holds out part of every category, so it needs at least two examples of each; with
    fewer the folds shrink to what the smallest category allows, and a category with a single
    example falls back to a logistic regression, whose probabilities need no held-out data."""

    def __init__(self, C=1.0, calibration_folds=3):
        self.C = C
        self.calibration_folds = calibration_folds

    def fit(self, X, y):
        smallest = min(Counter(y).values())
        folds = min(self.calibration_folds, smallest)
        if folds >= 2:
            svm = LinearSVC(C=self.C, class_weight="balanced")
            self.estimator_ = CalibratedClassifierCV(svm, cv=folds, method=CALIBRATION_METHOD)
        else:
            self.estimator_ = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)
        self.estimator_.fit(X, y)
        self.classes_ = self.estimator_.classes_
        return self

    def predict_proba(self, X):
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
