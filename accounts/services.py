"""Writes for users and memberships."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ROLE_UNIT_KINDS, Membership, Role, User
from units.models import Unit


def membership_validate(*, role: str, unit: Unit) -> None:
    """A role acts for units of certain kinds only (a street official for a street, …)."""
    allowed = ROLE_UNIT_KINDS[Role(role)]
    if unit.kind not in allowed:
        kinds = "、".join(str(Unit.Kind(kind).label) for kind in sorted(allowed))
        raise ValidationError(
            {
                "unit": _("A %(role)s must belong to a unit of kind: %(kinds)s.")
                % {"role": Role(role).label, "kinds": kinds}
            }
        )


@transaction.atomic
def membership_grant(*, user: User, unit: Unit, role: str) -> Membership:
    membership_validate(role=role, unit=unit)
    membership, _created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return membership


@transaction.atomic
def user_upsert(
    *, username: str, full_name: str, password: str, is_staff: bool = False, is_superuser: bool = False
) -> User:
    """Create the user, or bring an existing one back to these attributes (used by demo loading)."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    if not created:
        user.full_name, user.is_staff, user.is_superuser = full_name, is_staff, is_superuser
        user.save(update_fields=["full_name", "is_staff", "is_superuser"])
    if created or not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user
