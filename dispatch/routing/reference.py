"""The routing rules, the responsibility list (部门职责清单) and the departments they point to, one
copy per process: every routing decision reads all three, and they change a few times a year.

The copy is dropped in every process when a rule, an entry (or its assisting kinds), a unit or a
department kind is saved or deleted (dispatch.apps connects the signals; core.process_copy bumps a
token every process reads) and checked against a fingerprint every ROUTING_RECHECK_SECONDS for
changes made without signals (QuerySet.update, a bulk import)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum

from core.process_copy import ProcessCopy
from dispatch.models import ResponsibilityEntry, RoutingRule
from units.models import DepartmentKind, Unit

DEPARTMENT_KINDS = (Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE)


@dataclass(frozen=True)
class Responsibility:
    lead_kind_id: int
    level: str
    assisting_kind_ids: tuple[int, ...]


@dataclass(frozen=True)
class RoutingReference:
    rules: tuple[RoutingRule, ...]  # active ones, in their order
    # (category id, district id or None for the city-wide line) → the entry
    responsibilities: dict[tuple[int, int | None], Responsibility]
    # department kind id → its active units (municipal and district ones), in the units' order
    departments: dict[int, tuple[Unit, ...]]

    def responsibility(self, category_id: int, district_id: int | None) -> Responsibility | None:
        """The district's own entry for the category, else the city-wide one."""
        own = self.responsibilities.get((category_id, district_id)) if district_id is not None else None
        return own or self.responsibilities.get((category_id, None))

    def departments_of_kinds(self, kind_ids, *, district_id: int | None, local: bool) -> dict[int, Unit]:
        """For each department kind, its unit in the district when ``local`` (else, or where the
        district has none, the municipal one)."""
        found: dict[int, Unit] = {}
        for kind_id in set(kind_ids):
            units = [
                unit
                for unit in self.departments.get(kind_id, ())
                if unit.parent.kind == Unit.Kind.CITY or (local and unit.parent_id == district_id)
            ]
            # The district's own before the municipal one; otherwise the units' order.
            units.sort(key=lambda unit: not (local and unit.parent_id == district_id))
            if units:
                found[kind_id] = units[0]
        return found


def _build() -> RoutingReference:
    rules = tuple(RoutingRule.objects.filter(is_active=True).select_related("target_unit", "request_type"))
    entries = ResponsibilityEntry.objects.prefetch_related("assisting_kinds").order_by("pk")
    responsibilities: dict[tuple[int, int | None], Responsibility] = {}
    for entry in entries:
        responsibilities.setdefault(
            (entry.category_id, entry.district_id),
            Responsibility(
                entry.lead_kind_id, entry.level, tuple(kind.pk for kind in entry.assisting_kinds.all())
            ),
        )
    departments: dict[int, list[Unit]] = defaultdict(list)
    units = Unit.objects.filter(
        kind__in=DEPARTMENT_KINDS, department_kind__isnull=False, parent__isnull=False, is_active=True
    ).select_related("parent")
    for unit in units:
        departments[unit.department_kind_id].append(unit)
    return RoutingReference(
        rules=rules,
        responsibilities=responsibilities,
        departments={kind: tuple(found) for kind, found in departments.items()},
    )


def _fingerprint() -> tuple:
    active = Count("pk", filter=Q(is_active=True))
    rules = RoutingRule.objects.aggregate(rows=Count("pk"), active=active, last=Max("pk"), order=Sum("order"))
    entries = ResponsibilityEntry.objects.aggregate(
        rows=Count("pk"), last=Max("pk"), kinds=Count("assisting_kinds")
    )
    departments = Unit.objects.filter(kind__in=DEPARTMENT_KINDS).aggregate(
        rows=Count("pk"), active=active, last=Max("pk")
    )
    return (*rules.values(), *entries.values(), *departments.values(), DepartmentKind.objects.count())


_copy: ProcessCopy[RoutingReference] = ProcessCopy(
    name="dispatch.routing_reference", build=_build, fingerprint=_fingerprint
)


def routing_reference() -> RoutingReference:
    return _copy.get()


def routing_reference_changed(**_signal) -> None:
    """Receiver for saves and deletes of rules, entries, units and department kinds."""
    _copy.invalidate()


def routing_reference_forget() -> None:
    """Drop this process's copy only (tests: rows a rolled-back test made must not linger)."""
    _copy.forget()
