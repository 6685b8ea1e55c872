"""Intake's per-process copy of request types and categories (hotline.selectors.reference)."""

import time

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Role
from core import process_copy as versioning
from hotline.models import Category
from hotline.selectors import reference
from hotline.selectors.reference import category_offered


@pytest.fixture
def api(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.OPERATOR))
    return client


def test_a_category_deactivated_here_is_refused_at_once(api, call_fields):
    assert api.post("/api/v1/tickets/", call_fields, format="json").status_code == 201
    category = Category.objects.get(code=call_fields["category"])
    category.is_active = False
    category.save()  # the signal drops the copy

    response = api.post("/api/v1/tickets/", call_fields, format="json")
    assert response.status_code == 400 and "category" in response.json()["error"]["fields"]


def test_a_new_category_is_accepted_before_the_copy_knows_it(api, call_fields):
    assert api.post("/api/v1/tickets/", call_fields, format="json").status_code == 201
    new = Category.objects.get(code=call_fields["category"])
    Category.objects.filter(pk=new.pk).update(code="020202")  # no signal: the copy still has 010101
    assert (
        api.post("/api/v1/tickets/", {**call_fields, "category": "020202"}, format="json").status_code == 201
    )


def test_another_processs_change_shows_once_the_token_is_read_again(call_fields, monkeypatch):
    code = call_fields["category"]
    assert category_offered(code) is not None  # builds the copy and trusts its token a while
    Category.objects.filter(code=code).update(is_active=False)  # behind the signals' back
    cache.set(reference._copy.cache_key, "bumped by another process")

    assert category_offered(code) is not None  # within TOKEN_SECONDS: the old copy
    later = time.monotonic() + reference.TOKEN_SECONDS + 1
    monkeypatch.setattr(versioning.time, "monotonic", lambda: later)
    assert category_offered(code) is None  # token read again: rebuilt without it
