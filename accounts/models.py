from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does. Combined with the unit of a membership it decides what they see and do."""

    OPERATOR = "operator", _("Hotline operator")
    DISPATCHER = "dispatcher", _("Hotline dispatcher / supervisor")
    STREET_OFFICIAL = "street_official", _("Street official")
    DISTRICT_SUPERVISOR = "district_supervisor", _("District supervisor")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    LEADER = "leader", _("Leader")
    SUB_UNIT_STAFF = "sub_unit_staff", _("Community / station / section staff")
    GRID_WORKER = "grid_worker", _("Grid worker / street chief")
    ADMINISTRATOR = "administrator", _("Administrator")


HOTLINE_ROLES = frozenset({Role.OPERATOR, Role.DISPATCHER})

# The kind of unit each role acts for: a membership must point at a unit of one of these kinds.
ROLE_UNIT_KINDS = {
    Role.OPERATOR: {"hotline"},
    Role.DISPATCHER: {"hotline"},
    Role.STREET_OFFICIAL: {"street"},
    Role.DISTRICT_SUPERVISOR: {"district"},
    Role.DEPARTMENT_STAFF: {"department", "enterprise"},
    Role.LEADER: {"city", "district"},
    Role.SUB_UNIT_STAFF: {"community", "station", "section"},
    Role.GRID_WORKER: {"street", "community"},
    Role.ADMINISTRATOR: {"city", "hotline"},
}


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username


class Membership(models.Model):
    """Ties a user to a unit they act for, in one role. A street official of two streets has two."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_user_unit_role"),
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
