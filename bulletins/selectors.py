"""Who may read the bulletins: the readers of the analyses (accounts.permissions.ANALYSTS) whose
territory is the whole city — the bulletins name every district's streets, hot addresses and
warnings. A district's supervisors and leaders read their district on the analysis page instead."""

from django.db.models import QuerySet

from accounts.permissions import ANALYSTS
from accounts.selectors import user_has_role
from bulletins.models import Bulletin
from metrics.analyses import analysis_districts


def visible_bulletins(user) -> QuerySet[Bulletin]:
    if (
        not user.is_authenticated
        or not user_has_role(user, *ANALYSTS)
        or analysis_districts(user) is not None
    ):
        return Bulletin.objects.none()
    return Bulletin.objects.all()
