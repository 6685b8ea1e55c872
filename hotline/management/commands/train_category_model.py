from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hotline.category_model.model import model_path, save, train
from hotline.category_model.training_data import (
    TrainingDataError,
    examples_from_csv,
    examples_from_tickets,
    training_set_make,
    unknown_labels,
)


class Command(BaseCommand):
    help = (
        "Train the category suggestion model, from a CSV (--csv) or from the hotline's own handled "
        "tickets (content → category code), and save it where suggestions will find it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", type=Path, help="Labelled examples; without it, handled tickets.")
        parser.add_argument("--text-col", default="content", help="Column with the text (default: content).")
        parser.add_argument(
            "--label-col", default="category", help="Column with the category code (default: category)."
        )
        parser.add_argument("--output", type=Path, help="Where to save (default: the configured model path).")
        parser.add_argument(
            "--min-per-class",
            type=int,
            default=2,
            help="Leave out categories with fewer examples than this (default: 2).",
        )

    def handle(self, *args, **options):
        if options["min_per_class"] < 1:
            raise CommandError("--min-per-class must be at least 1")
        try:
            if options["csv"]:
                texts, labels = examples_from_csv(
                    options["csv"], text_column=options["text_col"], label_column=options["label_col"]
                )
            else:
                texts, labels = examples_from_tickets()
            training_set = training_set_make(texts, labels, min_per_class=options["min_per_class"])
        except TrainingDataError as error:
            raise CommandError(f"not training: {error}") from error
        if training_set.dropped:
            self.stdout.write(training_set.dropped_note)
        unknown = unknown_labels(training_set.labels)
        if unknown:
            self.stderr.write(
                f"warning: {len(unknown)} labels are not active category leaves and will never be "
                f"suggested: {', '.join(unknown[:10])}{' …' if len(unknown) > 10 else ''}"
            )
        pipeline = train(training_set.texts, training_set.labels)
        path = save(pipeline, options["output"] or model_path(), n_samples=len(training_set.labels))
        self.stdout.write(
            f"trained on {len(training_set.labels)} samples, {len(training_set.classes)} classes; saved to {path}"
        )
