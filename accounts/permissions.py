"""Role gates for pages and APIs. Both ask ``user_has_role``, so a page and its API agree.

Anonymous visitors of a page are sent to the login page; signed-in users without the role get 403.
Which *objects* a user may see is decided by each app's selectors (invisible objects answer 404)."""

from django.contrib.auth.mixins import AccessMixin
from rest_framework.permissions import BasePermission

from accounts.models import Role
from accounts.selectors import user_has_role

# The role groups pages, APIs and services admit — one definition each.
# Who may read the ranking tables (read out to every unit, 人民评判).
READERS = (
    Role.LEADER,
    Role.DISTRICT_SUPERVISOR,
    Role.DISPATCHER,
    Role.ADMINISTRATOR,
    Role.STREET_OFFICIAL,
    Role.DEPARTMENT_STAFF,
)
# Who may read the analyses (their territory's: see ``districts_in_reach``).
ANALYSTS = (Role.LEADER, Role.DISTRICT_SUPERVISOR, Role.DISPATCHER, Role.ADMINISTRATOR)
# Who decides a ticket's assessment scope (exclusions, appeals).
SCOPE_DECIDERS = (Role.DISPATCHER, Role.ADMINISTRATOR)
# Who edits deadline policies and the working-day calendar.
POLICY_EDITORS = (Role.DISPATCHER, Role.ADMINISTRATOR)


class RoleRequiredMixin(AccessMixin):
    """For class-based pages: ``required_roles = (Role.OPERATOR, …)``; any one of them admits."""

    required_roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_has_role(request.user, *self.required_roles):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


def has_role(*roles: Role) -> type[BasePermission]:
    """For APIs: ``permission_classes = [has_role(Role.OPERATOR)]``."""

    class HasRole(BasePermission):
        def has_permission(self, request, view):
            return bool(
                request.user and request.user.is_authenticated and user_has_role(request.user, *roles)
            )

    HasRole.__name__ = "HasRole_" + "_".join(roles)
    return HasRole
