"""suggest_categories() once a model has been trained: its ranking, and one load per process."""

import pytest

from hotline.category_model import suggest
from hotline.category_model.model import save, train
from hotline.category_model.suggest import suggest_categories
from hotline.models import Category
from hotline.tests.category_model.sentences import labelled

pytestmark = pytest.mark.usefixtures("category_tree")

CODES = ["070401", "010403", "100203", "030301"]


def _train_and_save(path, codes, per_class=12):
    texts, labels = labelled(codes, per_class)
    save(train(texts, labels), path, n_samples=len(texts))


@pytest.fixture
def load_calls(monkeypatch):
    calls = []

    def counting_load(path):
        calls.append(path)
        return original(path)

    original = suggest.load
    monkeypatch.setattr(suggest, "load", counting_load)
    return calls


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("楼下有人遛狗不拴绳，狗还追着孩子咬", "100203"),
        ("我们这条街晚上路灯坏了，黑乎乎的", "010403"),
        ("暖气片摸着是凉的，屋里室温低", "070401"),
        ("有辆车乱停车堵门好几天了", "030301"),
    ],
)
def test_ranks_the_right_category_first(model_file, text, expected):
    _train_and_save(model_file, CODES)

    suggestions = suggest_categories(text, limit=3)

    assert [s.source for s in suggestions] == ["model"] * 3
    assert suggestions[0].category_code == expected
    assert suggestions[0].score > suggestions[1].score >= suggestions[2].score
    assert suggestions[0].category_path == Category.objects.get(code=expected).path


def test_codes_the_tree_no_longer_has_are_skipped(model_file):
    _train_and_save(model_file, CODES)
    Category.objects.filter(code="100203").update(is_active=False)

    codes = [s.category_code for s in suggest_categories("遛狗不拴绳，狗咬人了", limit=10)]

    assert "100203" not in codes
    assert len(codes) == 3


def test_falls_back_to_keywords_when_no_class_of_the_model_is_left(model_file):
    _train_and_save(model_file, ["070401", "010403"])
    Category.objects.filter(code__in=["070401", "010403"]).update(is_active=False)

    suggestions = suggest_categories("暖气漏水了，暖气片漏水")

    assert suggestions[0].source == "keywords"
    assert suggestions[0].category_code == "070402"


def test_loaded_once_per_process_and_again_after_the_file_changes(model_file, load_calls):
    _train_and_save(model_file, CODES)
    for _ in range(3):
        suggest_categories("暖气不热")
    assert len(load_calls) == 1

    _train_and_save(model_file, ["070401", "010403"])
    suggestions = suggest_categories("暖气不热", limit=10)

    assert len(load_calls) == 2
    assert {s.category_code for s in suggestions} == {"070401", "010403"}
    suggest_categories("暖气不热")
    assert len(load_calls) == 2


def test_no_file_means_keywords_and_no_load(load_calls):
    assert suggest_categories("暖气不热")[0].source == "keywords"
    assert load_calls == []
