"""The words static/js/countdown.js builds a remaining time from, one set for every page with
countdowns: "剩余1天2小时5分钟" / "1 d 2 h 5 min left", "已超期3小时" / "overdue by 3 h"."""

from django.utils.translation import gettext as _


def countdown_text() -> dict[str, str]:
    return {
        "left": _("%(time)s left"),
        "over": _("overdue by %(time)s"),
        "d": _("%(n)s d "),
        "h": _("%(n)s h "),
        "m": _("%(n)s min"),
    }
