"""Government intranets have no internet: nothing the application serves may load from outside."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OUR_ASSET_DIRS = [ROOT / "templates", ROOT / "static"] + [
    path for path in ROOT.glob("*/templates") if path.parent.name not in {".venv", ".ci-venv"}
]
EXTERNAL_URL = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
EXTERNAL_ASSET = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def our_asset_files():
    for directory in OUR_ASSET_DIRS:
        for path in directory.rglob("*"):
            if path.suffix in {".html", ".css", ".js", ".svg", ".txt"}:
                yield path


def test_the_scan_finds_files():
    assert any(path.name == "base.html" for path in our_asset_files())


@pytest.mark.parametrize("path", list(our_asset_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_our_templates_and_static_files_reference_no_outside_url(path):
    text = path.read_text(encoding="utf-8")
    assert not EXTERNAL_URL.search(text), f"{path} mentions an outside URL: {EXTERNAL_URL.search(text)[0]}"


def test_the_asset_pattern_catches_what_it_must():
    for bad in [
        '<script src="https://cdn.example.com/x.js">',
        "<link href='//fonts.example.com/css'>",
        "background: url(https://tiles.example.com/1.png)",
        '@import "https://example.com/a.css";',
    ]:
        assert EXTERNAL_ASSET.search(bad), bad
    assert not EXTERNAL_ASSET.search('<script src="/static/js/app.js">')


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/api/docs/", "/admin/"])
def test_rendered_pages_load_no_outside_asset(client, make_user, url):
    if url != "/accounts/login/":
        client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not EXTERNAL_ASSET.search(html), EXTERNAL_ASSET.search(html)[0]
