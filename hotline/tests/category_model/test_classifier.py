"""The calibrated linear SVM and the cross-validation against the baseline; no database."""

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression

from hotline.category_model.evaluation import cross_validate
from hotline.category_model.model import pipeline_make
from hotline.category_model.training_data import examples_from_csv, training_set_make
from hotline.services.reference import DATA_DIR
from hotline.tests.category_model.sentences import labelled

CODES = ["070401", "010403", "100203"]


def test_probabilities_are_one_per_class_and_sum_to_one():
    texts, labels = labelled(CODES, 10)
    pipeline = pipeline_make().fit(texts, labels)

    probabilities = pipeline.predict_proba(["楼下遛狗不拴绳，狗还咬人", "暖气不热"])

    assert list(pipeline.classes_) == sorted(CODES)
    assert probabilities.shape == (2, 3)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert list(pipeline.predict(["楼下遛狗不拴绳，狗还咬人"])) == ["100203"]
    assert isinstance(pipeline[-1].estimator_, CalibratedClassifierCV)


def test_calibration_folds_shrink_to_the_smallest_category():
    texts, labels = labelled(CODES, 10)
    texts, labels = [*texts, "井盖没了", "井盖坏了"], [*labels, "010402", "010402"]

    classifier = pipeline_make().fit(texts, labels)[-1]

    assert classifier.estimator_.cv == 2
    assert "010402" in classifier.classes_


def test_a_category_with_one_example_falls_back_to_logistic_regression():
    texts, labels = labelled(CODES, 10)
    pipeline = pipeline_make().fit([*texts, "井盖没了"], [*labels, "010402"])

    assert isinstance(pipeline[-1].estimator_, LogisticRegression)
    assert np.allclose(pipeline.predict_proba(["井盖没了"]).sum(), 1.0)


def test_the_model_matches_the_baseline_on_the_projects_labelled_messages():
    """hotline/data/category_eval.csv: a few hundred citizens' messages, seven first-level classes
    (about two seconds of CPU)."""
    texts, labels = examples_from_csv(
        DATA_DIR / "category_eval.csv", text_column="content", label_column="category"
    )
    evaluation = cross_validate(training_set_make(texts, labels, min_per_class=5), folds=5)

    assert evaluation.n_samples >= 280 and evaluation.n_classes == 7
    assert evaluation.macro_f1 >= evaluation.baseline_macro_f1
    assert evaluation.baseline_macro_f1 > 0.5  # the file is learnable at all


@pytest.mark.parametrize("folds", [2, 3])
def test_same_folds_same_numbers(folds):
    texts, labels = labelled(CODES, 8)
    training_set = training_set_make(texts, labels, min_per_class=folds)

    first, second = (cross_validate(training_set, folds=folds) for _ in range(2))

    assert first == second
