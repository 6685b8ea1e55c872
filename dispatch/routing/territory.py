"""Where is it? The street (and district, and community when named) a ticket's place belongs to,
from the address text, the content and the coordinates — or an honest "ambiguous" with the
candidates, or "district only", or "unknown". How the evidence is weighed: ``scoring``; how sure
each kind of evidence makes us: ``confidence``."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dispatch.routing.coordinates import district_code_at, street_ids_at, wgs84_point
from dispatch.routing.gazetteer import ALIAS, PRIMARY, Gazetteer, Reading, gazetteer_forget, gazetteer_get
from dispatch.routing.mentions import ADDRESS, CONTENT, COORDINATES, POINT, POLYGON, Mention, text_mentions
from dispatch.routing.scoring import Choice, Conflict, weigh
from units.models import Unit

# Evidence kinds the UI tells apart: a name in the text, an alias, the point's district, a boundary.
EVIDENCE_KIND = {ALIAS: "alias", POINT: "coordinates", POLYGON: "polygon"}


@dataclass(frozen=True)
class TerritoryResult:
    """``status``: "resolved" (a street), "ambiguous" (several candidates; ``district`` is set when
    they all lie in one), "district_only" or "unknown". ``evidence``: what was found, with spans
    into the address or content for highlighting. ``conflict``: set when coordinates and text
    disagree (the text wins, at half the confidence)."""

    status: str
    district: Unit | None = None
    street: Unit | None = None
    community: Unit | None = None
    confidence: float = 0.0
    evidence: list[dict] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)
    conflict: str = ""


class _StaleGazetteer(Exception):
    """The gazetteer names a unit that is gone or renumbered: rebuild and try again."""


def _coordinate_mentions(gazetteer: Gazetteer, longitude, latitude, crs: str) -> list[Mention]:
    """One mention: the district that contains the point and the streets whose boundary does."""
    if longitude is None or latitude is None:
        return []
    point = wgs84_point(longitude, latitude, crs)
    if point is None:
        return []
    readings = []
    if (district := gazetteer.by_code.get(district_code_at(*point) or "")) is not None:
        readings.append(Reading(district, POINT, PRIMARY))
    for unit_id in street_ids_at(*point):
        if (street := gazetteer.places.get(unit_id)) is not None:
            readings.append(Reading(street, POLYGON, PRIMARY))
    label = f"{float(longitude):.6f},{float(latitude):.6f} ({crs})"
    return [Mention(COORDINATES, label, None, None, tuple(readings))] if readings else []


def _evidence(mention: Mention, reading: Reading) -> dict:
    kind = EVIDENCE_KIND.get(reading.form, "text")
    item = {
        "kind": kind,
        "phrase": mention.phrase,
        "start": mention.start,
        "end": mention.end,
        "unit_code": reading.place.code,
        "unit_name": reading.place.name,
        "field": mention.field,
    }
    if reading.form == ALIAS:
        item["confirmations"] = reading.confirmations
    return item


def _candidate(candidate, gazetteer: Gazetteer) -> dict:
    place = candidate.place
    phrases = "、".join(dict.fromkeys(mention.phrase for mention in candidate.mentions))
    district = gazetteer.places[place.district_id].name
    where = district if place.kind == Unit.Kind.STREET else ""
    if where:
        reason = _("named as “%(phrases)s”, in %(district)s") % {"phrases": phrases, "district": where}
    else:
        reason = _("named as “%(phrases)s”") % {"phrases": phrases}
    return {"unit_code": place.code, "unit_name": place.name, "kind": place.kind, "reason": reason}


def _conflict_message(conflict: Conflict | None) -> str:
    if conflict is None:
        return ""
    return _("The coordinates lie in %(point)s, but the text points to %(text)s.") % {
        "point": conflict.coordinates_place.name,
        "text": conflict.text_place.name,
    }


def _units(choice: Choice) -> dict[str, Unit | None]:
    wanted = {"district": choice.district, "street": choice.street, "community": choice.community}
    found = Unit.objects.in_bulk([place.id for place in wanted.values() if place is not None])
    units = {}
    for role, place in wanted.items():
        unit = found.get(place.id) if place is not None else None
        if place is not None and (unit is None or unit.code != place.code):
            raise _StaleGazetteer(place.code)
        units[role] = unit
    return units


def _resolve(gazetteer: Gazetteer, *, address, content, longitude, latitude, crs) -> TerritoryResult:
    mentions = (
        text_mentions(gazetteer, address, ADDRESS)
        + text_mentions(gazetteer, content, CONTENT)
        + _coordinate_mentions(gazetteer, longitude, latitude, crs)
    )
    choice = weigh(mentions, gazetteer.places)
    return TerritoryResult(
        status=choice.status,
        **_units(choice),
        confidence=round(choice.confidence, 3),
        evidence=[_evidence(mention, reading) for mention, reading in choice.support],
        candidates=[_candidate(candidate, gazetteer) for candidate in choice.candidates],
        conflict=_conflict_message(choice.conflict),
    )


def territory_resolve(
    *, address: str = "", content: str = "", longitude=None, latitude=None, crs: str = "wgs84"
) -> TerritoryResult:
    """Resolve a ticket's place. The address is the primary evidence; places named in the content
    count less; coordinates (WGS-84, GCJ-02 or BD-09) give the district, and the street where a
    boundary has been imported. A name that exists in several places is decided by other evidence
    or returned as ambiguous with the candidates — never picked silently."""
    arguments = {
        "address": address,
        "content": content,
        "longitude": longitude,
        "latitude": latitude,
        "crs": crs,
    }
    try:
        return _resolve(gazetteer_get(), **arguments)
    except _StaleGazetteer:
        gazetteer_forget()
        return _resolve(gazetteer_get(), **arguments)
