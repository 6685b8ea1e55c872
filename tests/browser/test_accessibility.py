"""axe-core (bundled by axe-playwright-python, injected from disk: nothing is fetched) on the main
pages of every role: no serious or critical violation (contrast, names, labels, nesting, …)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.field_pages import field_city_build, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAILING_IMPACTS = {"serious", "critical"}


def serious_violations(page, axe):
    page.wait_for_load_state("networkidle")
    results = axe.run(page)
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): "
        + "; ".join(node["html"][:160] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in FAILING_IMPACTS
    ]


def test_the_main_pages_have_no_serious_accessibility_violation(page, make_user):
    city = field_city_build(make_user)
    axe = Axe()
    pages_by_user = [
        (None, ["/accounts/login/"]),
        ("operator", ["/", "/hotline/console/"]),
        ("dispatcher", ["/hotline/queue/"]),
        (
            "official",
            [
                "/inbox/",
                f"/hotline/tickets/{city.ticket.pk}/",
                "/streets/whistles/",
                f"/streets/whistles/{city.whistle.pk}/",
            ],
        ),
        ("staff", ["/departments/board/"]),
        ("leader", ["/metrics/", "/metrics/analysis/"]),
    ]
    found, visited = [], 0
    for who, paths in pages_by_user:
        if who is None:
            page.context.clear_cookies()
        else:
            sign_in_as(page, city.users[who])
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            found += serious_violations(page, axe)
            visited += 1
    assert visited == 11
    assert found == [], "\n".join(found)
