"""Which placeholders each kind of message may use and must use, and rendering a text with them.

Pure rules, no database. A template is checked when it is saved (the admin shows the error), so
rendering never meets an unknown or missing placeholder. Only bare names are allowed: ``{number}``,
never ``{number.__class__}``, ``{number!r}`` or ``{number:>10}``, so a template cannot reach into
the objects behind the values."""

from string import Formatter

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Kind(models.TextChoices):
    RECEIPT = "receipt", gettext_lazy("Receipt (ticket number and tracking link)")
    REPLY = "reply", gettext_lazy("Reply (the result and the callback link)")
    EXTENSION = "extension", gettext_lazy("Extension notice (the new date)")


# kind → (placeholders it must contain, placeholders it may contain besides those)
PLACEHOLDERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    Kind.RECEIPT: (frozenset({"number", "tracking_url"}), frozenset()),
    Kind.REPLY: (frozenset({"number", "result", "callback_url"}), frozenset({"tracking_url"})),
    Kind.EXTENSION: (frozenset({"number", "new_date"}), frozenset({"tracking_url"})),
}


def placeholders_used(text: str) -> list[str]:
    """The field names in ``text``; ValidationError for anything but ``{name}``."""
    try:
        parsed = list(Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError({"text": _("Unbalanced braces: write {{ and }} for a literal brace.")}) from exc
    names = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValidationError(
                {"text": _("Write placeholders as {name}, nothing else inside the braces.")}
            )
        names.append(name)
    return names


def placeholders_check(*, kind: str, text: str) -> None:
    """ValidationError naming the unknown and the missing placeholders of a template text."""
    required, optional = PLACEHOLDERS[kind]
    used = set(placeholders_used(text))
    problems = []
    if unknown := used - required - optional:
        problems.append(
            _("Unknown placeholders: %(names)s. This kind may use: %(allowed)s.")
            % {"names": _braced(unknown), "allowed": _braced(required | optional)}
        )
    if missing := required - used:
        problems.append(_("Missing placeholders: %(names)s.") % {"names": _braced(missing)})
    if problems:
        raise ValidationError({"text": problems})


def placeholders_fill(text: str, values: dict[str, str]) -> str:
    """The text with its placeholders replaced; the text was checked when its template was saved."""
    return text.format_map({name: str(values[name]) for name in placeholders_used(text)})


def _braced(names) -> str:
    return ", ".join("{" + name + "}" for name in sorted(names))
