"""The compiled catalogue must match its source: a translation edited in the .po but not compiled
would silently show English (or Chinese msgids) to users."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The project's catalogue and each app's own (knowledge/locale, open311/locale, …).
CATALOGUES = sorted(
    [*ROOT.glob("locale/*/LC_MESSAGES/django.po"), *ROOT.glob("*/locale/*/LC_MESSAGES/django.po")]
)


def test_there_is_a_chinese_catalogue():
    assert any("zh_Hans" in str(path) for path in CATALOGUES)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT).parent.parent.parent))
def test_every_message_is_translated_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


def test_a_message_has_one_translation_across_catalogues():
    """The project's catalogue wins over the apps', and an app listed earlier over a later one: the
    same English in two catalogues with two Chinese words shows only one of them, wherever it is
    used. A message whose meaning differs by place takes a context (pgettext) instead."""
    words = {}
    for po_path in CATALOGUES:
        if "zh_Hans" not in str(po_path):
            continue
        for entry in polib.pofile(str(po_path)).translated_entries():
            words.setdefault((entry.msgctxt, entry.msgid), {})[entry.msgstr] = str(po_path.relative_to(ROOT))
    assert {key: seen for key, seen in words.items() if len(seen) > 1} == {}
