"""train_category_model and evaluate_category_model, end to end through call_command."""

import csv
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hotline.category_model.model import load
from hotline.models import Ticket
from hotline.tests.category_model.sentences import labelled
from hotline.tests.factories import CategoryFactory, TicketFactory

CODES = ["070401", "010403", "100203", "030301"]


def _write_csv(path, rows, header=("text", "code"), encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def examples_csv(tmp_path):
    texts, labels = labelled(CODES, 15)
    return _write_csv(tmp_path / "examples.csv", zip(texts, labels, strict=True))


def _run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_evaluate_prints_macro_f1_and_a_per_class_table(examples_csv):
    output = _run(
        "evaluate_category_model", "--csv", examples_csv, "--text-col", "text", "--label-col", "code"
    )

    match = re.search(r"^macro-F1: (\d\.\d{3}) \(5-fold, 60 samples, 4 classes\)$", output, re.MULTILINE)
    assert match, output
    assert 0 <= float(match.group(1)) <= 1
    assert re.search(r"precision\s+recall\s+f1-score\s+support", output)
    for code in CODES:
        assert re.search(rf"^\s*{code}\s+\d\.\d{{3}}\s+\d\.\d{{3}}\s+\d\.\d{{3}}\s+15$", output, re.MULTILINE)


def test_evaluate_prints_the_baseline_then_the_models_macro_f1_last(examples_csv):
    output = _run(
        "evaluate_category_model", "--csv", examples_csv, "--text-col", "text", "--label-col", "code"
    )

    *_, baseline, last = output.rstrip("\n").split("\n")
    assert re.fullmatch(
        r"baseline \(plain char 1-3-gram TF-IDF \+ LinearSVC, same folds\): macro-F1 [01]\.\d{3}", baseline
    )
    assert re.fullmatch(r"macro-F1 [01]\.\d{3}", last)
    summary = re.search(r"^macro-F1: (\d\.\d{3}) ", output, re.MULTILINE)
    assert last == f"macro-F1 {summary.group(1)}"


def test_evaluate_leaves_out_classes_smaller_than_the_folds_and_says_so(tmp_path):
    texts, labels = labelled(CODES, 15)
    rows = [*zip(texts, labels, strict=True), ("井盖没了", "010402"), ("井盖坏了", "010402")]
    path = _write_csv(tmp_path / "examples.csv", rows)

    output = _run("evaluate_category_model", "--csv", path, "--text-col", "text", "--label-col", "code")

    assert "left out 1 category with fewer than 5 examples: 010402 (2)" in output
    assert "(5-fold, 60 samples, 4 classes)" in output


@pytest.mark.parametrize(
    ("setup", "options", "message"),
    [
        (lambda p: None, [], "no such file"),
        (
            lambda p: _write_csv(p, [("a", "b")], header=("text", "label")),
            [],
            "no column 'code'; the header has 'text', 'label'",
        ),
        (
            lambda p: _write_csv(p, [("a", "b")], header=("content", "code")),
            [],
            "not evaluating: .*no column 'text'; the header has 'content', 'code'",
        ),
        (lambda p: p.write_text(""), [], "no column 'text', 'code'; the header has nothing"),
        (lambda p: _write_csv(p, [("暖气不热", "070401")], encoding="gbk"), [], "not UTF-8"),
        (lambda p: _write_csv(p, [("暖气不热", "070401")] * 30), [], "1 category with at least 5"),
        (lambda p: _write_csv(p, []), ["--folds", "1"], "--folds must be at least 2"),
    ],
    ids=[
        "missing file",
        "missing column",
        "missing text column",
        "empty file",
        "gbk",
        "one class",
        "one fold",
    ],
)
def test_evaluate_bad_input_is_a_command_error(tmp_path, setup, options, message):
    path = tmp_path / "bad.csv"
    setup(path)
    with pytest.raises(CommandError, match=message):
        _run("evaluate_category_model", "--csv", path, "--text-col", "text", "--label-col", "code", *options)


def test_train_from_a_csv_saves_where_told(examples_csv, tmp_path, db):
    output_path = tmp_path / "trained" / "model.joblib"

    output = _run(
        "train_category_model",
        "--csv",
        examples_csv,
        "--text-col",
        "text",
        "--label-col",
        "code",
        "--output",
        output_path,
    )

    assert f"trained on 60 samples, 4 classes; saved to {output_path}" in output
    assert load(output_path).labels == tuple(sorted(CODES))


def test_train_keeps_a_category_too_small_to_calibrate_when_told(tmp_path, db):
    texts, labels = labelled(CODES, 6)
    path = _write_csv(tmp_path / "examples.csv", [*zip(texts, labels, strict=True), ("井盖没了", "010402")])
    output_path = tmp_path / "model.joblib"

    _run(
        "train_category_model", "--csv", path, "--text-col", "text", "--label-col", "code",
        "--min-per-class", "1", "--output", output_path,
    )  # fmt: skip

    assert "010402" in load(output_path).labels


def _closed_tickets(category, texts):
    for text in texts:
        TicketFactory(content=text, category=category, status=Ticket.Status.CLOSED)


def test_train_from_handled_tickets(model_file, db):
    codes = ["070401", "010403", "100203"]
    categories = [CategoryFactory(code=code) for code in ["990001", "990002", "990003"]]
    texts, labels = labelled(codes, 8)
    by_code = dict(zip(codes, categories, strict=True))
    statuses = [
        Ticket.Status.CLOSED,
        Ticket.Status.ANSWERED,
        Ticket.Status.DISPOSED,
        Ticket.Status.DISPATCHED,
    ]
    for index, (text, label) in enumerate(zip(texts, labels, strict=True)):
        TicketFactory(content=text, category=by_code[label], status=statuses[index % len(statuses)])
    # Not settled yet, or a copy of another ticket: not examples.
    TicketFactory(content="暖气不热", category=categories[1], status=Ticket.Status.PENDING)
    TicketFactory(content="暖气不热", category=categories[1], status=Ticket.Status.MERGED)
    _closed_tickets(CategoryFactory(code="990004"), ["井盖没了"])

    output = _run("train_category_model")

    assert "left out 1 category with fewer than 2 examples: 990004 (1)" in output
    assert f"trained on 24 samples, 3 classes; saved to {model_file}" in output
    assert load(model_file).labels == ("990001", "990002", "990003")


def test_train_refuses_when_no_ticket_has_been_handled(model_file, db):
    TicketFactory(status=Ticket.Status.PENDING)

    with pytest.raises(CommandError, match="not training: no labelled examples"):
        _run("train_category_model")


def test_train_refuses_a_single_category(model_file, db):
    _closed_tickets(CategoryFactory(), labelled(["070401"], 25)[0])
    _closed_tickets(CategoryFactory(), ["路灯不亮"])

    with pytest.raises(CommandError, match="not training: 1 category with at least 2 examples"):
        _run("train_category_model")
    assert not model_file.exists()


def test_train_refuses_too_few_tickets(model_file, db):
    _closed_tickets(CategoryFactory(), labelled(["070401"], 4)[0])
    _closed_tickets(CategoryFactory(), labelled(["010403"], 4)[0])

    with pytest.raises(CommandError, match="not training: 8 usable examples; at least 20 are needed"):
        _run("train_category_model")
    assert not model_file.exists()


def test_train_warns_about_labels_that_are_not_categories(examples_csv, model_file, db):
    err = StringIO()
    call_command(
        "train_category_model",
        "--csv",
        examples_csv,
        "--text-col",
        "text",
        "--label-col",
        "code",
        stdout=StringIO(),
        stderr=err,
    )
    assert "4 labels are not active category leaves" in err.getvalue()
    assert model_file.exists()
