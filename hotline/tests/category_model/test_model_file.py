"""Saving and loading the trained model: where it lives, what is kept with it, what is refused."""

import logging

import joblib
import sklearn

from hotline.category_model.model import load, model_path, save, train
from hotline.tests.category_model.sentences import labelled

CODES = ["070401", "010403", "100203"]


def test_round_trip_keeps_the_pipeline_and_what_it_was_trained_from(model_file):
    texts, labels = labelled(CODES, 8)
    path = save(train(texts, labels), model_file, n_samples=len(texts))

    loaded = load(path)

    assert path == model_file and path.exists()
    assert loaded.labels == tuple(sorted(CODES))
    assert loaded.n_samples == 24
    assert loaded.sklearn_version == sklearn.__version__
    assert loaded.trained_at.tzinfo is not None
    assert loaded.pipeline.predict(["楼下遛狗不拴绳，狗还咬人"])[0] == "100203"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind


def test_path_is_read_from_settings_at_call_time(settings, tmp_path):
    settings.CATEGORY_MODEL_PATH = None
    settings.VAR_DIR = tmp_path / "var"
    assert model_path() == tmp_path / "var" / "models" / "category_model.joblib"
    settings.CATEGORY_MODEL_PATH = str(tmp_path / "elsewhere.joblib")
    assert model_path() == tmp_path / "elsewhere.joblib"


def test_refuses_a_file_from_another_scikit_learn_minor(model_file, caplog):
    texts, labels = labelled(CODES, 8)
    save(train(texts, labels), model_file, n_samples=len(texts))
    payload = joblib.load(model_file)
    joblib.dump({**payload, "sklearn_version": "0.24.2"}, model_file)

    with caplog.at_level(logging.WARNING, logger="hotline.category_model.model"):
        assert load(model_file) is None

    assert "scikit-learn 0.24.2" in caplog.text and "retrain" in caplog.text


def test_missing_or_corrupt_files_load_as_none(tmp_path, caplog):
    corrupt = tmp_path / "corrupt.joblib"
    corrupt.write_bytes(b"not a pickle at all")
    foreign = tmp_path / "foreign.joblib"
    joblib.dump(["something", "else"], foreign)

    with caplog.at_level(logging.WARNING, logger="hotline.category_model.model"):
        assert load(tmp_path / "missing.joblib") is None
        assert load(corrupt) is None
        assert load(foreign) is None

    assert str(corrupt) in caplog.text and str(foreign) in caplog.text
    assert "missing.joblib" not in caplog.text
