"""A monthly bulletin read back from its files: every ranking row and rate equals the frozen
snapshot's, unit by unit; generation is idempotent and catches up; only the city-wide readers of
the analyses may list and download."""

from datetime import datetime, timedelta
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from accounts.models import Role
from bulletins import services
from bulletins.models import Bulletin
from bulletins.services import bulletin_generate, bulletins_due, bulletins_generate_due
from bulletins.tables import change_text
from bulletins.tasks import generate_due
from hotline.tests.factories import TicketFactory
from metrics.analyses import period_of
from metrics.analysis_figures import period_figures
from metrics.board import percent, score
from metrics.periods import last_month, month_bounds
from metrics.selectors import snapshot_in_force, snapshot_rows
from metrics.services import snapshots_freeze_last_month
from metrics.tests.factories import ScoringSchemeFactory, order
from units.tests.factories import DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


def _text(value):
    return "—" if value is None else str(value)


@pytest.fixture
def frozen():
    month = last_month()
    start, _end = month_bounds(month)
    ScoringSchemeFactory(unit_kind="street", effective_from=month, min_assessed=3)
    district = DistrictFactory()
    good, mixed, small = (
        StreetFactory(parent=district, name=name) for name in ("安贞街道", "和平里街道", "小关街道")
    )
    due, call = start + timedelta(days=5), start + timedelta(days=7)
    for _ in range(6):
        ticket = TicketFactory(received_at=start + timedelta(days=2))
        order(good, due=due, callbacks=((call, "solved", "satisfied"),), ticket=ticket)
    for answer in [("solved", "satisfied")] * 3 + [("not_solved", "dissatisfied")] * 3:
        order(mixed, due=due, callbacks=((call, *answer),))
    order(small, due=due, callbacks=((call, "solved", "satisfied"),))
    snapshots_freeze_last_month()
    return snapshot_in_force(month=month, unit_kind="street")


def _expected(snapshot):
    ranked, unranked = [], []
    for row in snapshot_rows(snapshot):
        if row.ranked:
            ranked.append(
                [
                    _text(row.rank),
                    row.unit_code,
                    row.unit_name,
                    _text(percent(row.response_rate)),
                    _text(percent(row.resolution_rate)),
                    _text(percent(row.satisfaction_rate)),
                    _text(score(row.composite)),
                    change_text(row.rank_change),
                ]
            )
        else:
            unranked.append([row.unit_code, row.unit_name])
    return ranked, unranked


def test_the_monthly_bulletin_carries_the_frozen_ranking_unit_by_unit(frozen):
    bulletin = bulletin_generate(kind="month", first_day=frozen.month)
    ranked, unranked = _expected(frozen)
    assert len(ranked) == 2 and len(unranked) == 1

    document = Document(BytesIO(bulletin.docx.read()))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    codes = {row[1] for row in ranked} | {row[0] for row in unranked}
    ranking_rows = [row for table in tables if table[0][0] == "排名" for row in table[1:] if row[1] in codes]
    assert tables[1][0][-1] == "较上月变化"
    # unit by unit: rank, code, name, the three rates, composite, change (top 1 and bottom 1)
    assert ranking_rows == ranked
    unranked_rows = [
        row[:2] for table in tables if table[0][0] == "编码" for row in table[1:] if row[0] in codes
    ]
    assert unranked_rows == unranked
    assert bulletin.has_chart and document.inline_shapes
    # the analyses as the analysis page reads them: the hot address and its count
    figures = period_figures(period_of("month", frozen.month))
    hot = next(table for table in tables if table[0][1] == "地址")
    assert hot[1:] == [
        [str(n), row.address, str(row.count)] for n, row in enumerate(figures.top_addresses, 1)
    ]
    assert hot[1][2] == "6"

    text = "\n".join(
        page.extract_text(extraction_mode="layout") for page in PdfReader(BytesIO(bulletin.pdf.read())).pages
    )
    for row in ranked:
        line = next(line for line in text.splitlines() if row[1] in line)
        assert line.split() == row
    assert unranked[0][1] in text
    assert (
        bulletin.docx.name.startswith("bulletins/") and "bulletin" not in bulletin.docx.name.rsplit("/", 1)[1]
    )


def test_generating_twice_makes_one_bulletin(frozen):
    first = bulletin_generate(kind="month", first_day=frozen.month)
    second = bulletin_generate(kind="month", first_day=frozen.month)
    assert first.pk == second.pk
    assert Bulletin.objects.filter(kind="month").count() == 1


def test_a_month_not_frozen_waits():
    assert bulletin_generate(kind="month", first_day=last_month()) is None
    ScoringSchemeFactory(unit_kind="street", effective_from=last_month())
    assert bulletin_generate(kind="month", first_day=last_month()) is None
    snapshots_freeze_last_month()
    assert bulletin_generate(kind="month", first_day=last_month()) is not None


def test_a_second_worker_racing_the_first_keeps_one_bulletin_and_no_stray_files(frozen, monkeypatch):
    first = bulletin_generate(kind="month", first_day=frozen.month)
    saved = []
    real_save = FieldFile.save

    def remember(self, name, content, save=True):
        real_save(self, name, content, save=save)
        saved.append(self.name)

    # The second worker checked before the first one's row was committed.
    monkeypatch.setattr(FieldFile, "save", remember)
    monkeypatch.setattr(services.Bulletin.objects, "filter", lambda **kw: Bulletin.objects.none())
    second = bulletin_generate(kind="month", first_day=frozen.month)
    assert second.pk == first.pk and Bulletin.objects.count() == 1
    assert len(saved) == 2 and not any(default_storage.exists(name) for name in saved)


def test_the_task_catches_up_on_missing_periods_and_runs_twice_to_one_effect(settings):
    settings.BULLETINS_CATCH_UP = {"day": 3, "week": 1, "month": 1}
    zone = timezone.get_default_timezone()
    now = datetime(2026, 11, 11, 8, 0, tzinfo=zone)  # a Wednesday, after 07:00
    assert [(kind, f"{day:%m-%d}") for kind, day in bulletins_due(now=now)] == [
        ("day", "11-08"),
        ("day", "11-09"),
        ("day", "11-10"),
        ("week", "11-02"),
        ("month", "10-01"),
    ]
    first = bulletins_generate_due(now=now)
    assert first["day 2026-11-10"] == "generated"
    assert first["month 2026-10-01"] == "waiting"  # due on the 2nd, but October was never frozen
    assert bulletins_generate_due(now=now) == {"month 2026-10-01": "waiting"}
    assert Bulletin.objects.count() == 4
    before_seven = datetime(2026, 11, 12, 6, 59, tzinfo=zone)
    assert [(k, f"{d:%m-%d}") for k, d in bulletins_due(now=before_seven)] == [("month", "10-01")]


def test_the_task_runs(settings):
    settings.BULLETINS_CATCH_UP = {"day": 1, "week": 0, "month": 0}
    generate_due()
    generate_due()
    assert Bulletin.objects.filter(kind="day").count() == 1


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.DISPATCHER, True),
        (Role.OPERATOR, False),
    ],
)
def test_who_lists_and_downloads(frozen, client, make_user, role, sees):
    bulletin = bulletin_generate(kind="month", first_day=frozen.month)
    client.force_login(make_user(role))
    page = client.get(reverse("bulletins:list"))
    api = client.get("/api/v1/bulletins/")
    download = client.get(reverse("bulletins:file", args=[bulletin.pk, "pdf"]))
    if sees:
        assert page.status_code == 200 and f'data-bulletin="{bulletin.pk}"' in page.content.decode()
        assert api.status_code == 200 and [item["id"] for item in api.json()["results"]] == [bulletin.pk]
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    else:
        assert page.status_code == 403 and api.status_code == 403
        assert download.status_code == 404


def test_a_district_supervisor_sees_no_city_wide_bulletin(frozen, client, make_user):
    bulletin = bulletin_generate(kind="month", first_day=frozen.month)
    client.force_login(make_user(Role.DISTRICT_SUPERVISOR, unit=DistrictFactory()))
    page = client.get(reverse("bulletins:list")).content.decode()
    assert f'data-bulletin="{bulletin.pk}"' not in page and "通报覆盖全市" in page
    assert client.get(reverse("bulletins:file", args=[bulletin.pk, "docx"])).status_code == 404
    assert default_storage.exists(bulletin.docx.name)


def test_the_bulletin_lists_the_topics_and_the_proactive_tasks_opened(make_user):
    """每月一题 with its tickets of the period (the topic page's rule), and the tasks opened in it."""
    from governance.models import ProactiveTask, Topic
    from governance.services import task_create
    from hotline.tests.factories import CategoryFactory
    from units.tests.factories import DepartmentFactory

    day = timezone.localdate() - timedelta(days=1)
    noon = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=12)
    street = StreetFactory(name="团结湖街道")
    department = DepartmentFactory(parent=street.parent)
    TicketFactory(received_at=noon, content="小区门口乱停车，堵住消防通道")
    TicketFactory(received_at=noon, content="路灯不亮")
    TicketFactory(received_at=noon - timedelta(days=1), content="又是乱停车")  # the day before
    Topic.objects.create(month=day.replace(day=1), title="停车难", keywords="停车", lead_unit=department)
    task = task_create(
        actor=make_user(Role.DISPATCHER),
        title="团结湖路乱停车",
        category=CategoryFactory(),
        street=street,
        owners=[street, department],
        deadline=noon + timedelta(days=14),
    )
    ProactiveTask.objects.filter(pk=task.pk).update(opened_at=noon)

    bulletin = bulletin_generate(kind="day", first_day=day)
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in Document(BytesIO(bulletin.docx.read())).tables
    ]
    topics = next(table for table in tables if table[0][1] == "题目")
    assert topics[1:] == [[f"{day:%Y-%m}", "停车难", department.name, "1"]]
    tasks = next(table for table in tables if table[0][0] == "任务")
    owners = "、".join(unit.name for unit in task.owners.all())  # in the units' order (their codes)
    due = f"{day + timedelta(days=14):%Y-%m-%d}"
    assert tasks[1:] == [["团结湖路乱停车", "团结湖街道", owners, due, "进行中"]]
