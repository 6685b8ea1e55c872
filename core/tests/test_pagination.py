"""Counts exact up to the cap, "cap+" past it, and every page still reachable."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger

from core.pagination import CappedCountPaginator
from units.models import Unit
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def streets():
    StreetFactory.create_batch(7)
    return Unit.objects.filter(kind=Unit.Kind.STREET).order_by("code")


def test_under_the_cap_it_is_djangos_paginator(streets):
    paginator = CappedCountPaginator(streets, 3, cap=10)
    assert paginator.count == 7 and not paginator.capped
    assert paginator.count_label == "7" and paginator.num_pages == 3
    with pytest.raises(EmptyPage):
        paginator.page(4)


def test_past_the_cap_the_count_stops_one_past_it(streets, django_assert_num_queries):
    paginator = CappedCountPaginator(streets, 2, cap=4)
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 5
    assert "LIMIT 5" in captured.captured_queries[0]["sql"]
    assert paginator.capped and paginator.count_label == "4+"


def test_past_the_cap_every_page_is_reachable_and_knows_whether_another_follows(streets):
    paginator = CappedCountPaginator(streets, 2, cap=4)
    codes = list(streets.values_list("code", flat=True))
    pages = [paginator.page(number) for number in (1, 2, 3, 4)]
    assert [[unit.code for unit in page] for page in pages] == [codes[0:2], codes[2:4], codes[4:6], codes[6:]]
    assert [page.has_next() for page in pages] == [True, True, True, False]
    assert pages[2].next_page_number() == 4 and pages[3].end_index() == 7
    with pytest.raises(EmptyPage):
        paginator.page(5)
    with pytest.raises(PageNotAnInteger):
        paginator.page("x")
    with pytest.raises(EmptyPage):
        paginator.page(0)


def test_a_list_is_counted_too():
    paginator = CappedCountPaginator(list(range(5)), 2, cap=3)
    assert paginator.count == 4 and paginator.capped


def test_grouped_rows_are_counted_as_grouped(streets):
    from django.db.models import Count

    StreetFactory.create_batch(3, parent=streets.first().parent)
    per_parent = streets.values("parent").annotate(streets=Count("id"))
    assert CappedCountPaginator(per_parent, 2, cap=100).count == per_parent.count() == 7
