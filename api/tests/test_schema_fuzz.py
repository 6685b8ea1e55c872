"""Acceptance: schema fuzzing of the whole API as a dispatcher and as a street official. Every
operation of the drf-spectacular schema gets a bounded, deterministic set of generated calls
(valid and invalid data, half of them aimed at an object the role can see); every answer must be
no server error, a documented status code, the documented content type and a body the schema
describes."""

from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tests.fuzz_world import fuzz_world, known_path_parameters

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES_PER_MODE = 15  # positive + negative: 30 generated calls per operation and role
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_MODE,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_app():
    """The project's WSGI application in this process, sharing the test's database connection:
    as Django's test client does, closing connections between requests is switched off."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)


def fuzz_operation(operation, *, token: str, known: dict, report: dict) -> None:
    crashes = []
    got_request_exception.connect(receiver := lambda sender, request, **kw: crashes.append(request.path))
    try:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategies = [operation.as_strategy(generation_mode=mode)]
            path_parameters = known_path_parameters(operation.path, known)
            if path_parameters:
                strategies.append(
                    operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
                )

            @FUZZ_SETTINGS
            @given(case=st.one_of(strategies))
            def run(case):
                report["examples"] += 1
                # A savepoint per call, as each request has its own transaction in production: a
                # database error in one call must not poison the calls after it.
                with transaction.atomic():
                    response = case.call(headers={"Authorization": f"Token {token}"})
                try:
                    case.validate_response(response, checks=CHECKS)
                except FailureGroup as group:
                    for failure in group.exceptions:
                        key = (operation.label, type(failure).__name__, failure.title)
                        report["failures"][key] += 1
                        report["samples"].setdefault(
                            key,
                            f"{case.as_curl_command()}\n    → {response.status_code} {response.text[:200]}"
                            f"\n    {str(failure)[:600]}",
                        )

            try:
                run()
            except Unsatisfiable:
                # Nothing of this operation can be made invalid (no parameters, no body).
                report["not_negatable"].append(operation.label)
    finally:
        got_request_exception.disconnect(receiver)


@pytest.mark.parametrize("role", ["dispatcher", "street_official"])
def test_the_whole_api_as(role, api_schema, make_user):
    world = fuzz_world(make_user)
    report = {"examples": 0, "failures": Counter(), "samples": {}, "not_negatable": []}
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        fuzz_operation(operation, token=world.tokens[role], known=world.known, report=report)
    summary = "\n".join(
        f"{count:4d} × {label}: {kind} {title}\n    {report['samples'][(label, kind, title)]}"
        for (label, kind, title), count in sorted(report["failures"].items())
    )
    print(
        f"{role}: {operations} operations, {report['examples']} calls, {sum(report['failures'].values())} failures"
    )
    assert not report["failures"], f"{len(report['failures'])} kinds of failure:\n{summary}"
