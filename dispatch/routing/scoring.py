"""Weighing the places mentioned in a ticket: which street — or, failing that, which district — do
they point to, and how surely. Pure: works on gazetteer places and mentions, no database.

Every street that a mention could mean is a hypothesis. A mention supports a hypothesis when one
of its readings agrees with it (the street itself, a community in it, its district), by
``FIELD_WEIGHT × reading strength``; a mention counts once, by its best agreeing reading. A
hypothesis resting only on weak (secondary) readings must be backed by the named district or the
coordinates. The best-supported hypothesis wins only when it is alone at the top; a tie is
reported as ambiguous with the tied candidates — a duplicate name is never settled by the order of
rows in a table."""

from dataclasses import dataclass

from dispatch.routing import confidence
from dispatch.routing.gazetteer import ALIAS, PRIMARY, SECONDARY, Place, Reading
from dispatch.routing.mentions import ADDRESS, CONTENT, COORDINATES, POLYGON, Mention, narrow_by_context
from dispatch.routing.names import Form
from units.models import Unit

RESOLVED, AMBIGUOUS, DISTRICT_ONLY, UNKNOWN = "resolved", "ambiguous", "district_only", "unknown"
ALL_FIELDS = (ADDRESS, COORDINATES, CONTENT)

Support = tuple[tuple[Mention, Reading], ...]


@dataclass(frozen=True)
class Candidate:
    place: Place
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Conflict:
    """Coordinates and text disagree: where the point is, and what the text says."""

    coordinates_place: Place
    text_place: Place


@dataclass(frozen=True)
class Choice:
    status: str
    district: Place | None = None
    street: Place | None = None
    community: Place | None = None
    confidence: float = 0.0
    support: Support = ()
    candidates: tuple[Candidate, ...] = ()
    conflict: Conflict | None = None


def agrees(place: Place, answer: Place) -> bool:
    """Whether naming ``place`` agrees with ``answer`` (a street or a district) being the answer."""
    if answer.kind == Unit.Kind.DISTRICT:
        return place.district_id == answer.id
    if place.kind == Unit.Kind.DISTRICT:
        return place.id == answer.district_id
    return place.street_id == answer.id


def _best_reading(mention: Mention, answer: Place) -> Reading | None:
    """The strongest agreeing reading; between equals, the most specific place (a boundary's
    street over the district of the same point)."""
    agreeing = [reading for reading in mention.readings if agrees(reading.place, answer)]
    return max(agreeing, key=lambda reading: (reading.strength, reading.place.level), default=None)


def _support(mentions: list[Mention], answer: Place, fields=ALL_FIELDS) -> Support:
    return tuple(
        (mention, reading)
        for mention in mentions
        if mention.field in fields and (reading := _best_reading(mention, answer)) is not None
    )


def _score(mentions: list[Mention], answer: Place, fields=ALL_FIELDS) -> int:
    return sum(mention.weight * reading.strength for mention, reading in _support(mentions, answer, fields))


def _base_confidence(mention: Mention, reading: Reading) -> float:
    if reading.form == POLYGON:
        level = confidence.POLYGON
    elif reading.place.kind == Unit.Kind.DISTRICT:
        level = confidence.DISTRICT_ONLY
    elif reading.form == ALIAS:
        level = confidence.alias_confidence(reading.confirmations)
    elif reading.strength < PRIMARY:
        level = confidence.SECONDARY_READING
    elif reading.place.kind == Unit.Kind.COMMUNITY:
        level = confidence.COMMUNITY_BARE if reading.form == Form.BARE else confidence.COMMUNITY
    elif reading.form == Form.OFFICIAL:
        level = confidence.STREET_OFFICIAL
    else:
        level = confidence.STREET_SPOKEN
    return level * (confidence.CONTENT_FACTOR if mention.field == CONTENT else 1.0)


def _evidence_level(mention: Mention, reading: Reading) -> str:
    return COORDINATES if mention.field == COORDINATES else reading.place.kind


def _street_confidence(support: Support, *, decided_by_content: bool) -> float:
    """The surest piece of evidence, plus a bonus when an independent second level agrees (a
    district and a street, a street and its community, text and coordinates)."""
    level = max(_base_confidence(mention, reading) for mention, reading in support)
    if decided_by_content:
        return level * confidence.CONTENT_FACTOR
    if len({_evidence_level(mention, reading) for mention, reading in support}) > 1:
        level += confidence.CORROBORATED
    return min(level, confidence.CEILING)


def _named_districts(mentions: list[Mention]) -> set[int]:
    return {
        reading.place.id
        for mention in mentions
        if mention.field == ADDRESS
        for reading in mention.readings
        if reading.place.kind == Unit.Kind.DISTRICT
    }


def _names_street(mention: Mention, street: Place, *, strength: int = SECONDARY) -> bool:
    """Whether the mention names the street itself or one of its communities."""
    return any(
        r.place.kind != Unit.Kind.DISTRICT and r.strength >= strength and agrees(r.place, street)
        for r in mention.readings
    )


def _backed(mentions: list[Mention], street: Place) -> bool:
    """A primary name of the street or one of its communities, or a weak one that the district
    named in the address or the coordinates confirm."""
    named_strongly = any(_names_street(mention, street, strength=PRIMARY) for mention in mentions)
    confirmed = any(
        _best_reading(mention, street) is not None
        for mention in mentions
        if mention.field == COORDINATES or (mention.field == ADDRESS and not _names_street(mention, street))
    )
    return named_strongly or confirmed


def _street_hypotheses(mentions: list[Mention], places: dict[int, Place]) -> list[Place]:
    street_ids = {
        r.place.street_id for m in mentions for r in m.readings if r.place.kind != Unit.Kind.DISTRICT
    }
    streets = [places[street_id] for street_id in sorted(street_ids)]
    streets = [street for street in streets if _backed(mentions, street)]
    if named := _named_districts(mentions):
        # A street met only in the content or through coordinates cannot overrule the district
        # the caller named in the address.
        address = [mention for mention in mentions if mention.field == ADDRESS]
        streets = [
            street
            for street in streets
            if street.district_id in named or any(_names_street(m, street) for m in address)
        ]
    return streets


def _community(mentions: list[Mention], street: Place) -> Place | None:
    """The community named in the address (else the content) within the chosen street, when the
    text names exactly one. A phrase that also names the street itself (团结湖) names the street."""
    for wanted_field in (ADDRESS, CONTENT):
        found = set()
        for mention in mentions:
            if mention.field != wanted_field or any(r.place == street for r in mention.readings):
                continue
            found |= {
                r.place
                for r in mention.readings
                if r.place.kind == Unit.Kind.COMMUNITY and r.place.street_id == street.id
            }
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _coordinates_conflict(
    mentions: list[Mention], answer: Place, places: dict[int, Place]
) -> Conflict | None:
    for mention in mentions:
        if mention.field != COORDINATES:
            continue
        districts = [r.place for r in mention.readings if r.place.kind == Unit.Kind.DISTRICT]
        polygons = [r.place for r in mention.readings if r.form == POLYGON]
        if districts and not agrees(districts[0], answer):
            return Conflict(districts[0], places[answer.district_id])
        if answer.kind == Unit.Kind.STREET and polygons and answer not in polygons:
            return Conflict(polygons[0], answer)
    return None


def _coordinate_support(mentions: list[Mention], support: Support) -> Support:
    """Coordinates that disagree are evidence too: the dispatcher sees both sides."""
    used = {(id(mention), reading) for mention, reading in support}
    return tuple(
        (mention, reading)
        for mention in mentions
        if mention.field == COORDINATES
        for reading in mention.readings
        if (id(mention), reading) not in used
    )


def _ambiguous(mentions: list[Mention], tied: list[Place], places: dict[int, Place]) -> Choice:
    text_support = {place: _support(mentions, place, (ADDRESS, CONTENT)) for place in tied}
    support = tuple(pair for pairs in text_support.values() for pair in pairs)
    best = max((_base_confidence(m, r) for m, r in support), default=confidence.DISTRICT_ONLY)
    districts = {place.district_id for place in tied}
    return Choice(
        status=AMBIGUOUS,
        district=places[districts.pop()] if len(districts) == 1 else None,
        confidence=best / len(tied),
        support=support + _coordinate_support(mentions, support),
        candidates=tuple(
            Candidate(place, tuple(m for m, _ in pairs)) for place, pairs in text_support.items()
        ),
    )


def _text_contradiction(mentions: list[Mention], street: Place, places: dict[int, Place]) -> Choice | None:
    """The address names a district and a street that lies elsewhere (海淀区团结湖): the caller has
    one of them wrong, and only a person can tell which."""
    named = _named_districts(mentions)
    if not named or street.district_id in named:
        return None
    return _ambiguous(mentions, [street, *(places[district_id] for district_id in sorted(named))], places)


def _top(mentions: list[Mention], hypotheses: list[Place]) -> list[Place]:
    scores = {place.id: _score(mentions, place) for place in hypotheses}
    best = max(scores.values())
    return [place for place in hypotheses if scores[place.id] == best]


def _decided_by_content(mentions: list[Mention], winner: Place, hypotheses: list[Place]) -> bool:
    """Whether, without the content, another hypothesis would have tied or won."""
    own = _score(mentions, winner, (ADDRESS, COORDINATES))
    return any(
        _score(mentions, other, (ADDRESS, COORDINATES)) >= own for other in hypotheses if other != winner
    )


def _choose_street(mentions: list[Mention], streets: list[Place], places: dict[int, Place]) -> Choice:
    tied = _top(mentions, streets)
    if len(tied) > 1:
        return _ambiguous(mentions, tied, places)
    street = tied[0]
    if (contradiction := _text_contradiction(mentions, street, places)) is not None:
        return contradiction
    support = _support(mentions, street)
    conflict = _coordinates_conflict(mentions, street, places)
    level = _street_confidence(support, decided_by_content=_decided_by_content(mentions, street, streets))
    return Choice(
        status=RESOLVED,
        district=places[street.district_id],
        street=street,
        community=_community(mentions, street),
        confidence=level * (confidence.CONFLICT_FACTOR if conflict else 1.0),
        support=support + _coordinate_support(mentions, support),
        conflict=conflict,
    )


def _choose_district(mentions: list[Mention], places: dict[int, Place]) -> Choice:
    district_ids = {r.place.id for m in mentions for r in m.readings if r.place.kind == Unit.Kind.DISTRICT}
    if named := _named_districts(mentions):
        district_ids &= named
    if not district_ids:
        return Choice(status=UNKNOWN)
    tied = _top(mentions, [places[district_id] for district_id in sorted(district_ids)])
    if len(tied) > 1:
        return _ambiguous(mentions, tied, places)
    district = tied[0]
    support = _support(mentions, district)
    conflict = _coordinates_conflict(mentions, district, places)
    fields = {mention.field for mention, _ in support}
    level = confidence.DISTRICT_ONLY
    if {ADDRESS, COORDINATES} <= fields:
        level += confidence.CORROBORATED
    elif fields == {CONTENT}:
        level *= confidence.CONTENT_FACTOR
    return Choice(
        status=DISTRICT_ONLY,
        district=district,
        confidence=level * (confidence.CONFLICT_FACTOR if conflict else 1.0),
        support=support + _coordinate_support(mentions, support),
        conflict=conflict,
    )


def weigh(mentions: list[Mention], places: dict[int, Place]) -> Choice:
    """Choose the street (with its district and, when named, community), else the district."""
    mentions = narrow_by_context(mentions)
    streets = _street_hypotheses(mentions, places)
    if streets:
        return _choose_street(mentions, streets, places)
    return _choose_district(mentions, places)
