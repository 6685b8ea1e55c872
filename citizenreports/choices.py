"""What a citizen may report through the form: a short, curated list of the hotline's categories
(data/report_categories.csv, each with the request type a report of it is filed as), of which
those the hotline offers are shown. The hotline's own 3-level tree is too long for a phone."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hotline.models import Category, RequestType
from hotline.selectors.reference import category_offered, request_type_offered

CHOICES_FILE = Path(__file__).resolve().parent / "data" / "report_categories.csv"


@dataclass(frozen=True)
class ReportChoice:
    category: Category
    request_type: RequestType

    @property
    def code(self) -> str:
        return self.category.code

    @property
    def label(self) -> str:
        return self.category.display_name


@cache
def _curated(path: Path) -> tuple[tuple[str, str], ...]:
    with path.open(encoding="utf-8") as rows:
        return tuple((row["category"], row["request_type"]) for row in csv.DictReader(rows))


def report_choices() -> list[ReportChoice]:
    """The curated categories the hotline offers now, in the file's order."""
    choices = []
    for category_code, type_code in _curated(CHOICES_FILE):
        category, request_type = category_offered(category_code), request_type_offered(type_code)
        if category is not None and request_type is not None:
            choices.append(ReportChoice(category=category, request_type=request_type))
    return choices
