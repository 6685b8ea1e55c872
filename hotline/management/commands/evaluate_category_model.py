from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hotline.category_model.evaluation import cross_validate
from hotline.category_model.training_data import TrainingDataError, examples_from_csv, training_set_make


class Command(BaseCommand):
    help = (
        "Cross-validate the category suggestion model on labelled examples: macro-F1, a "
        "per-category precision/recall/F1 table and a plain baseline's macro-F1 on the same "
        "folds; the last line is the model's macro-F1. Saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", type=Path, required=True, help="Labelled examples.")
        parser.add_argument("--text-col", default="content", help="Column with the text (default: content).")
        parser.add_argument(
            "--label-col", default="category", help="Column with the category code (default: category)."
        )
        parser.add_argument("--folds", type=int, default=5, help="Number of folds (default: 5).")

    def handle(self, *args, **options):
        folds = options["folds"]
        if folds < 2:
            raise CommandError("--folds must be at least 2")
        try:
            texts, labels = examples_from_csv(
                options["csv"], text_column=options["text_col"], label_column=options["label_col"]
            )
            # Each fold must hold at least one example of every class it is scored on.
            training_set = training_set_make(texts, labels, min_per_class=folds)
        except TrainingDataError as error:
            raise CommandError(f"not evaluating: {error}") from error
        if training_set.dropped:
            self.stdout.write(training_set.dropped_note)
        evaluation = cross_validate(training_set, folds=folds)
        self.stdout.write(evaluation.summary)
        self.stdout.write(evaluation.report)
        self.stdout.write(evaluation.baseline_line)
        self.stdout.write(evaluation.final_line)
