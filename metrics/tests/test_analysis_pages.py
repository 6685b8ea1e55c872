"""The analysis page and the tickets behind an early warning: who may open them, what a district's
supervisor sees, the Chinese interface, escaping, sorting and periods."""

# ruff: noqa: F811 — the fixtures are imported, and the tests' parameters name them again.

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from accounts.models import Role
from config import urls as root_urls
from hotline.models import Ticket
from metrics import analysis_urls
from metrics.analysis_views import SECTIONS
from metrics.district_map import NO_DATA
from metrics.tests.test_analyses import grow_streets, local, make_tickets, march, world  # noqa: F401
from metrics.tests.test_early_warning import WEEK, weeks  # noqa: F401

# metrics.urls includes metrics.analysis_urls under /metrics/analysis/ in the "metrics" namespace;
# until that is wired into the root URLconf, these tests mount it the same way themselves.
if any(getattr(pattern, "namespace", None) == "metrics" for pattern in root_urls.urlpatterns):
    urlpatterns = root_urls.urlpatterns
else:
    urlpatterns = [
        *root_urls.urlpatterns,
        path("metrics/", include(([path("analysis/", include(analysis_urls))], "metrics"))),
    ]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

ALLOWED = {Role.LEADER, Role.DISTRICT_SUPERVISOR, Role.DISPATCHER, Role.ADMINISTRATOR}


def page_url(**params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("metrics:analysis-overview") + (f"?{query}" if query else "")


def warning_url(street, category, week_start) -> str:
    return reverse("metrics:analysis-warning-tickets", args=[street.pk, category.pk, week_start.isoformat()])


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def all_sections(client, user, **params) -> str:
    """The page's sections one after another (each is its own request, ?section=…)."""
    client.force_login(user)
    pages = [client.get(page_url(**params, section=key)) for key, _label in SECTIONS]
    assert all(page.status_code == 200 for page in pages)
    return "".join(page.content.decode() for page in pages)


def street_names(html: str) -> list[str]:
    table = html.split('id="street-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<td>\d+</td>\s*<td>([^<]+)</td>", table)


# --- who may open the pages --------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_the_analysis_page_is_for_leaders_supervisors_dispatchers_and_administrators(client, make_user, role):
    response = get(client, make_user(role), page_url())
    assert response.status_code == (200 if role in ALLOWED else 403)


@pytest.mark.parametrize("role", list(Role))
def test_the_warning_tickets_page_has_the_same_gate(client, make_user, world, role):
    url = warning_url(world.tuanjiehu, world.parking, WEEK)
    user = make_user(role, unit=world.chaoyang) if role == Role.DISTRICT_SUPERVISOR else make_user(role)
    assert get(client, user, url).status_code == (200 if role in ALLOWED else 403)


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for url in (page_url(), warning_url(world.tuanjiehu, world.parking, WEEK)):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")


# --- what each sees ----------------------------------------------------------------------------


def test_a_leader_sees_the_whole_city(client, make_user, march):
    html = all_sections(client, make_user(Role.LEADER), period="month", date="2025-03-14")
    assert street_names(html) == ["团结湖街道", "中关村街道", "麦子店街道"]  # by tickets: 6, 6, 2
    district_map = html.split('id="district-map"', 1)[1].split("</section>", 1)[0]
    assert district_map.count("<path") == 16  # the density map below draws the outlines again
    assert 'data-code="110105"><title>朝阳区: 10</title>' in html
    assert 'data-code="110108"><title>海淀区: 6</title>' in html
    assert "2025-03-01 – 2025-03-31" in html


def test_a_city_reader_may_narrow_to_a_district(client, make_user, march):
    html = all_sections(
        client, make_user(Role.DISPATCHER), period="month", date="2025-03-14", district="110108"
    )
    assert street_names(html) == ["中关村街道"]
    assert "中关村大街27号" in html
    assert "团结湖路" not in html


def test_a_district_supervisor_sees_their_district_only(client, make_user, march):
    supervisor = make_user(Role.DISTRICT_SUPERVISOR, unit=march.chaoyang)
    html = all_sections(client, supervisor, period="month", date="2025-03-14")
    assert street_names(html) == ["团结湖街道", "麦子店街道"]
    assert "中关村" not in html
    addresses = html.split('id="top-addresses"', 1)[1].split("</table>", 1)[0]
    assert "团结湖路" in addresses and "中关村大街" not in addresses  # the district's frequent address
    assert 'data-code="110105"><title>朝阳区: 10</title>' in html
    assert f'fill="{NO_DATA}" data-code="110108">' in html  # another district's figure is not shown
    volumes = html.split('id="volumes"', 1)[1].split("</section>", 1)[0]
    assert ">10<" in volumes and ">18<" not in volumes
    assert get(client, supervisor, page_url(district="110108")).status_code == 404


def test_a_district_supervisor_sees_their_districts_warnings_only(client, make_user, weeks):
    url = page_url(period="week", date="2025-03-12", section="warnings")
    chaoyang = get(client, make_user(Role.DISTRICT_SUPERVISOR, unit=weeks.chaoyang), url).content.decode()
    assert chaoyang.count('class="warning-row"') == 2
    assert warning_url(weeks.tuanjiehu, weeks.parking, WEEK) in chaoyang
    haidian_supervisor = make_user(Role.DISTRICT_SUPERVISOR, unit=weeks.haidian)
    haidian = get(client, haidian_supervisor, url).content.decode()
    assert 'class="warning-row"' not in haidian
    assert (
        get(client, haidian_supervisor, warning_url(weeks.tuanjiehu, weeks.parking, WEEK)).status_code == 404
    )


def test_the_warning_page_lists_the_tickets_behind_the_flag(client, make_user, weeks):
    html = get(
        client, make_user(Role.LEADER), warning_url(weeks.tuanjiehu, weeks.parking, WEEK)
    ).content.decode()
    expected = Ticket.objects.filter(
        category=weeks.parking,
        assignments__unit=weeks.tuanjiehu,
        received_at__gte=local(2025, 3, 10, 0),
        received_at__lt=local(2025, 3, 17, 0),
    )
    assert expected.count() == 8
    listed = set(re.findall(r'<a href="/hotline/tickets/(\d+)/">', html))
    assert listed == {str(pk) for pk in expected.values_list("pk", flat=True)}
    assert "2025-03-10 – 2025-03-16" in html


def test_the_warning_page_answers_404_for_what_is_not_there(client, make_user, weeks):
    leader = make_user(Role.LEADER)
    tuesday = WEEK.replace(day=11)
    assert get(client, leader, warning_url(weeks.tuanjiehu, weeks.parking, tuesday)).status_code == 404
    assert (
        get(client, leader, warning_url(weeks.chaoyang, weeks.parking, WEEK)).status_code == 404
    )  # not a street
    bad = reverse(
        "metrics:analysis-warning-tickets", args=[weeks.tuanjiehu.pk, weeks.parking.pk, "2025-13-01"]
    )
    assert get(client, leader, bad).status_code == 404
    missing = reverse(
        "metrics:analysis-warning-tickets", args=[weeks.tuanjiehu.pk, 999_999, WEEK.isoformat()]
    )
    assert get(client, leader, missing).status_code == 404


# --- the page itself ---------------------------------------------------------------------------


def test_the_interface_is_chinese_and_states_the_warning_rule(client, make_user, weeks):
    html = all_sections(client, make_user(Role.LEADER), period="week", date="2025-03-12")
    for text in ("周汇总", "日通报", "月分析", "未诉先办", "高频地址", "各区工单量", "街道（乡镇）"):
        assert text in html, text
    assert "至少 5 件" in html and "3 倍标准差" in html
    assert 'class="warning-row"' in html


def test_text_from_the_data_is_escaped(client, make_user, world):
    world.tuanjiehu.name = "<script>alert(1)</script>街道"
    world.tuanjiehu.save(update_fields=["name"])
    make_tickets(world.tuanjiehu, 2, at=local(2025, 3, 3), category=world.parking, address="<b>楼下</b>")
    html = all_sections(client, make_user(Role.ADMINISTRATOR), period="month", date="2025-03-01")
    assert "<script>alert(1)</script>" not in html and "<b>楼下</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;街道" in html
    assert "&lt;b&gt;楼下&lt;/b&gt;" in html


def test_the_street_table_sorts_on_the_server(client, make_user, march):
    leader = make_user(Role.LEADER)
    by_name = all_sections(client, leader, period="month", date="2025-03-14", sort="code")
    assert street_names(by_name) == ["团结湖街道", "麦子店街道", "中关村街道"]
    fewest = all_sections(client, leader, period="month", date="2025-03-14", sort="tickets")
    assert street_names(fewest)[0] == "麦子店街道"
    assert 'aria-sort="ascending"' in fewest
    unknown = all_sections(client, leader, period="month", date="2025-03-14", sort="caller")
    assert street_names(unknown) == ["团结湖街道", "中关村街道", "麦子店街道"]  # the default


def test_periods_and_bad_parameters(client, make_user, march):
    leader = make_user(Role.LEADER)
    day = all_sections(client, leader, period="day", date="2025-03-05")
    assert street_names(day) == ["中关村街道", "团结湖街道", "麦子店街道"]  # 3, 0, 0
    week = all_sections(client, leader, period="week", date="2025-03-05")
    assert "2025-03-03 – 2025-03-09" in week
    assert "?period=week&amp;date=2025-02-24" in week and "?period=week&amp;date=2025-03-10" in week
    month = all_sections(client, leader, period="month", date="2025-03-14")
    assert "2025-03-31 当周" in month  # the warnings of the month's last week
    assert get(client, leader, page_url(period="decade", date="yesterday")).status_code == 200
    assert get(client, leader, page_url(district="999999")).status_code == 404


def test_the_trend_is_an_svg_polyline_of_twelve_months(client, make_user, march):
    html = all_sections(client, make_user(Role.LEADER), period="month", date="2025-03-14")
    points = re.search(r'<polyline points="([^"]+)"', html).group(1).split()
    assert len(points) == 12
    assert "<title>2025-03: 18</title>" in html and "<title>2025-02: 2</title>" in html


def test_the_page_costs_the_same_number_of_queries_for_few_and_many_streets(client, make_user, world):
    leader = make_user(Role.LEADER)
    client.force_login(leader)
    url = page_url(period="month", date="2025-03-14", section="streets", streets="all")
    grow_streets(world, 0, 2, 2)
    client.get(url)  # warm the per-process caches (the map's shapes)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow_streets(world, 2, 30, 12)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(street_names(html)) == 35
    assert len(many) == len(few)


def test_one_section_at_a_time_and_only_its_figures_are_read(client, make_user, march, monkeypatch):
    from metrics import analysis_views

    leader = make_user(Role.LEADER)
    overview = get(client, leader, page_url(period="month", date="2025-03-14")).content.decode()
    assert 'id="volumes"' in overview
    assert 'data-section="overview" aria-current="page"' in overview
    for absent in ('id="street-table"', 'id="district-map"', 'id="trend"', 'id="warnings"'):
        assert absent not in overview
    # The trend and the warnings do not compute the period's figures at all.
    monkeypatch.setattr(analysis_views, "period_figures", lambda *args, **kwargs: pytest.fail("figures read"))
    for section in ("trend", "warnings"):
        response = get(client, leader, page_url(period="month", date="2025-03-14", section=section))
        assert response.status_code == 200 and f'id="{section}"' in response.content.decode()
    # An unknown section is the overview (with a notice), never an error.
    monkeypatch.undo()
    assert 'id="volumes"' in get(client, leader, page_url(section="everything")).content.decode()


def test_the_street_section_lists_the_first_thirty_and_links_to_all(client, make_user, world):
    grow_streets(world, 0, 40, 1)
    leader = make_user(Role.LEADER)
    first = get(
        client, leader, page_url(period="month", date="2025-03-14", section="streets")
    ).content.decode()
    assert len(street_names(first)) == 30
    assert 'id="streets-more"' in first and "streets=all" in first
    every = get(
        client, leader, page_url(period="month", date="2025-03-14", section="streets", streets="all")
    ).content.decode()
    assert len(street_names(every)) > 30 and 'id="streets-more"' not in every
    # Sorting keeps the whole list once asked for.
    assert "streets=all" in every.split('id="street-table"', 1)[1].split("</thead>", 1)[0]
