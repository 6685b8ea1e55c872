"""Where labelled examples come from (a CSV, or the hotline's own handled tickets) and the checks
they must pass before a model is fitted to them."""

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hotline.models import Category, Ticket

# Below this many examples a model mostly memorises them; the keyword rules serve better.
MIN_SAMPLES = 20
# Statuses whose category an operator has not settled yet (or that copy another ticket's).
UNLABELLED_STATUSES = (Ticket.Status.PENDING, Ticket.Status.MERGED)


class TrainingDataError(ValueError):
    """The examples cannot be used; the message says why, for a person to read."""


@dataclass(frozen=True)
class TrainingSet:
    texts: list[str]
    labels: list[str]
    min_per_class: int
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def classes(self) -> list[str]:
        return sorted(set(self.labels))

    @property
    def dropped_note(self) -> str:
        """What was left out, for the person running the command; "" when nothing was."""
        if not self.dropped:
            return ""
        listed = ", ".join(f"{label} ({count})" for label, count in self.dropped.items())
        return f"left out {_categories(len(self.dropped))} with fewer than {self.min_per_class} examples: {listed}"


def _categories(count: int) -> str:
    return f"{count} {'category' if count == 1 else 'categories'}"


def examples_from_csv(path: Path, *, text_column: str, label_column: str) -> tuple[list[str], list[str]]:
    """Rows with an empty text or label are skipped; utf-8 with or without a BOM (Excel adds one)."""
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            missing = [column for column in (text_column, label_column) if column not in columns]
            if missing:
                raise TrainingDataError(
                    f"{path}: no column {', '.join(repr(c) for c in missing)}; "
                    f"the header has {', '.join(repr(c) for c in columns) or 'nothing'}"
                )
            pairs = [((row[text_column] or "").strip(), (row[label_column] or "").strip()) for row in reader]
    except FileNotFoundError as error:
        raise TrainingDataError(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise TrainingDataError(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start}); save it as CSV UTF-8"
        ) from error
    except (OSError, csv.Error) as error:
        raise TrainingDataError(f"{path}: cannot be read as CSV ({error})") from error
    pairs = [(text, label) for text, label in pairs if text and label]
    return [text for text, _ in pairs], [label for _, label in pairs]


def examples_from_tickets() -> tuple[list[str], list[str]]:
    """Handled tickets' content and the leaf an operator finally filed them under."""
    rows = (
        Ticket.objects.exclude(status__in=UNLABELLED_STATUSES)
        .filter(category__level=3, category__is_active=True)
        .exclude(content="")
        .values_list("content", "category__code")
        .order_by("pk")
    )
    pairs = list(rows)
    return [text for text, _ in pairs], [label for _, label in pairs]


def training_set_make(texts: list[str], labels: list[str], *, min_per_class: int) -> TrainingSet:
    """Drops classes with fewer than min_per_class examples; refuses what is left when it is too
    small to learn from."""
    if not labels:
        raise TrainingDataError("no labelled examples")
    counts = Counter(labels)
    dropped = {label: count for label, count in sorted(counts.items()) if count < min_per_class}
    kept = [(text, label) for text, label in zip(texts, labels, strict=True) if label not in dropped]
    classes = {label for _, label in kept}
    if len(classes) < 2:
        raise TrainingDataError(
            f"{_categories(len(classes))} with at least {min_per_class} examples each; at least 2 are needed"
        )
    if len(kept) < MIN_SAMPLES:
        raise TrainingDataError(f"{len(kept)} usable examples; at least {MIN_SAMPLES} are needed")
    return TrainingSet(
        texts=[text for text, _ in kept],
        labels=[label for _, label in kept],
        min_per_class=min_per_class,
        dropped=dropped,
    )


def unknown_labels(labels: list[str]) -> list[str]:
    """Labels that are not an active leaf's code: a model trained on them suggests nothing for them."""
    known = set(Category.objects.filter(level=3, is_active=True).values_list("code", flat=True))
    return sorted(set(labels) - known)
