"""Formula injection: text that a spreadsheet would run as a formula comes out of every export as
inert text, while numbers stay numbers."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from metrics import services
from metrics.exports import as_csv, as_xlsx, spreadsheet_text
from metrics.periods import last_month, month_bounds
from metrics.tests.factories import ScoringSchemeFactory, order
from units.tests.factories import StreetFactory

FORMULA = '=HYPERLINK("http://x","点我")'


@pytest.mark.parametrize("text", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize("value", ["朝阳区", "100%", "a=b", "", None, -3, 0, Decimal("-12.50"), 1.5])
def test_other_text_and_every_number_stay_as_they_are(value):
    assert spreadsheet_text(value) == value


def test_csv_and_xlsx_writers_neutralise_text_cells_only():
    header, rows = ["单位", "变化", "得分"], [[FORMULA, -2, Decimal("85.71")]]
    [_, line] = list(csv.reader(io.StringIO(as_csv(header, rows).lstrip("\ufeff"))))
    assert line == ["'" + FORMULA, "-2", "85.71"]
    sheet = load_workbook(io.BytesIO(as_xlsx(header, rows, title="排名"))).active
    assert [cell.value for cell in sheet[2]] == ["'" + FORMULA, -2, 85.71]
    assert [cell.data_type for cell in sheet[2]] == ["s", "n", "n"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_unit_named_like_a_formula_is_exported_as_text(client, make_user, fmt):
    month = last_month()
    start, _end = month_bounds(month)
    ScoringSchemeFactory(unit_kind="street", effective_from=month)
    street = StreetFactory(name=FORMULA)
    for _ in range(6):
        order(
            street,
            due=start + timedelta(days=5),
            callbacks=((start + timedelta(days=7), "solved", "satisfied"),),
        )
    services.snapshot_freeze(month=month, unit_kind="street")
    client.force_login(make_user(Role.LEADER))

    response = client.get(f"/metrics/ranking.{fmt}?month={month:%Y-%m}&kind=street")

    assert response.status_code == 200
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        row = list(sheet[2])
        assert (row[2].value, row[2].data_type) == ("'" + FORMULA, "s")
        assert row[0].value == 1 and row[0].data_type == "n"
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1][:3] == ["1", street.code, "'" + FORMULA]
