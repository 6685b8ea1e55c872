"""The gazetteer: every name of every active district, street/township and community, and every
active place alias, in one Aho–Corasick automaton — one pass over a ticket's text finds them all,
whatever the number of names.

A phrase can name several places (八里庄 is a street in 朝阳 and in 海淀, and a village in 延庆);
the matcher reports all its readings and the territory resolver weighs them. Each reading has a
strength. Secondary: a weak bare name (a common word, names.GENERIC_WORDS), and a community's bare
name when the same phrase also names a street or district — "潘家园" means the street of 潘家园 to
nearly everyone, the village 潘家园村 in 怀柔 only when something else in the text points there.
Everything else is primary."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
from django.db.models import Count, Max, Q, Sum

from core.process_copy import ProcessCopy
from dispatch.models import PlaceAlias
from dispatch.routing.names import (
    Form,
    NameForm,
    community_forms,
    district_forms,
    normalise,
    normalise_name,
    street_forms,
)
from units.models import Unit

AREA_KINDS = (Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.COMMUNITY)
PRIMARY, SECONDARY = 2, 1
ALIAS = "alias"
MIN_PHRASE = 2


@dataclass(frozen=True)
class Place:
    id: int
    code: str
    name: str
    kind: str
    district_id: int
    street_id: int | None  # the street itself for a street; its street for a community

    @property
    def level(self) -> int:
        return AREA_KINDS.index(self.kind)


@dataclass(frozen=True)
class Reading:
    """One place a phrase may mean, and how it names it."""

    place: Place
    form: str  # a names.Form value, or "alias"
    strength: int
    confirmations: int = 0


@dataclass(frozen=True)
class Match:
    phrase: str
    start: int  # into the original text, for highlighting
    end: int
    readings: tuple[Reading, ...]


class Gazetteer:
    def __init__(self, places: dict[int, Place], readings: dict[str, list[Reading]]):
        self.places = places
        self.by_code = {place.code: place for place in places.values()}
        self.phrase_count = len(readings)
        self._automaton = ahocorasick.Automaton()
        for phrase, phrase_readings in readings.items():
            self._automaton.add_word(phrase, (phrase, tuple(phrase_readings)))
        if readings:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """The names in ``text``: longest first, never overlapping, in reading order."""
        if not self.phrase_count or not text:
            return []
        normalised, offsets = normalise(text)
        hits = [
            (end + 1 - len(phrase), end + 1, phrase, readings)
            for end, (phrase, readings) in self._automaton.iter(normalised)
            if not _splits_a_number(normalised, end + 1 - len(phrase), end + 1)
        ]
        hits.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))
        taken = bytearray(len(normalised))
        matches = []
        for start, end, phrase, readings in hits:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            matches.append(Match(phrase, offsets[start], offsets[end - 1] + 1, readings))
        return sorted(matches, key=lambda match: match.start)


def _splits_a_number(text: str, start: int, end: int) -> bool:
    """A name that begins or ends with a digit (1201社区, 复兴路20号) must not begin or end inside a
    number: not in 11201社区, not in 复兴路20号 of 复兴路208号."""
    return (start > 0 and text[start].isdigit() and text[start - 1].isdigit()) or (
        end < len(text) and text[end - 1].isdigit() and text[end].isdigit()
    )


def _places() -> dict[int, Place]:
    rows = Unit.objects.filter(kind__in=AREA_KINDS, is_active=True).values_list(
        "id", "code", "name", "kind", "parent_id"
    )
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row[3]].append(row)
    places: dict[int, Place] = {}
    # Parents first, so that a unit under an inactive (merged, abolished) parent is left out.
    for unit_id, code, name, kind, _city_id in by_kind[Unit.Kind.DISTRICT]:
        places[unit_id] = Place(unit_id, code, name, kind, unit_id, None)
    for unit_id, code, name, kind, parent_id in by_kind[Unit.Kind.STREET]:
        if parent_id in places:
            places[unit_id] = Place(unit_id, code, name, kind, parent_id, unit_id)
    for unit_id, code, name, kind, parent_id in by_kind[Unit.Kind.COMMUNITY]:
        street = places.get(parent_id)
        if street is not None and street.kind == Unit.Kind.STREET:
            places[unit_id] = Place(unit_id, code, name, kind, street.district_id, parent_id)
    return places


def _name_forms(place: Place, places: dict[int, Place]) -> list[NameForm]:
    if place.kind == Unit.Kind.DISTRICT:
        return district_forms(place.name)
    if place.kind == Unit.Kind.STREET:
        district_bare = places[place.district_id].name.removesuffix("区")
        # 海淀街道 said as 海淀 means the district of 海淀 to everyone.
        return [form for form in street_forms(place.name) if form.phrase != district_bare]
    return community_forms(place.name)


def _with_strengths(readings: list[tuple[Place, NameForm]]) -> list[Reading]:
    names_bigger_place = any(place.kind != Unit.Kind.COMMUNITY for place, _ in readings)
    return [
        Reading(place, name_form.form, _strength(place, name_form, names_bigger_place))
        for place, name_form in readings
    ]


def _strength(place: Place, name_form: NameForm, names_bigger_place: bool) -> int:
    bare_community = place.kind == Unit.Kind.COMMUNITY and name_form.form == Form.BARE
    return SECONDARY if name_form.weak or (bare_community and names_bigger_place) else PRIMARY


def _name_readings(places: dict[int, Place]) -> dict[str, list[Reading]]:
    readings: dict[str, list[tuple[Place, NameForm]]] = defaultdict(list)
    for place in places.values():
        for name_form in _name_forms(place, places):
            phrase = normalise_name(name_form.phrase)
            if len(phrase) >= MIN_PHRASE:
                readings[phrase].append((place, name_form))
    return {phrase: _with_strengths(phrase_readings) for phrase, phrase_readings in readings.items()}


def _add_aliases(readings: dict[str, list[Reading]], places: dict[int, Place], aliases) -> None:
    """An alias adds a reading to its phrase (a new phrase, or one that is also a name)."""
    for raw_phrase, unit_id, confirmations in aliases:
        phrase, place = normalise_name(raw_phrase), places.get(unit_id)
        if place is None or len(phrase) < MIN_PHRASE:
            continue  # an alias of an inactive unit, or of a department: not a place
        readings[phrase] = [reading for reading in readings.get(phrase, []) if reading.place != place]
        readings[phrase].append(Reading(place, ALIAS, PRIMARY, confirmations))


def gazetteer_from(places: dict[int, Place], aliases: Iterable[tuple[str, int, int]] = ()) -> Gazetteer:
    """The gazetteer of these places and aliases (phrase, unit id, confirmations)."""
    readings = _name_readings(places)
    _add_aliases(readings, places, aliases)
    return Gazetteer(places, readings)


def gazetteer_build() -> Gazetteer:
    """Read the active units and aliases and build the automaton (≈20,000 phrases for Beijing)."""
    aliases = PlaceAlias.objects.filter(is_active=True).values_list("phrase", "unit_id", "confirmations")
    return gazetteer_from(_places(), aliases)


def _fingerprint() -> tuple:
    """Two aggregate queries that change with most edits. Not with a rename: that needs
    ``gazetteer_changed()``. Queryset ``update()`` leaves ``updated_at`` alone, hence the counts."""
    active = Count("id", filter=Q(is_active=True))
    units = Unit.objects.filter(kind__in=AREA_KINDS).aggregate(
        count=Count("id"), active=active, last=Max("id")
    )
    aliases = PlaceAlias.objects.aggregate(
        count=Count("id"), active=active, confirmations=Sum("confirmations"), last=Max("updated_at")
    )
    return (*units.values(), *aliases.values())


# The builder is looked up at build time so that tests can count the builds.
_copy: ProcessCopy[Gazetteer] = ProcessCopy(
    name="gazetteer", build=lambda: gazetteer_build(), fingerprint=_fingerprint
)


def gazetteer_get() -> Gazetteer:
    """This process's gazetteer, built on first use and rebuilt when the names changed."""
    return _copy.get()


def gazetteer_changed() -> None:
    """Call after changing units or place aliases (a rename, a new alias, a deactivation): every
    process rebuilds its gazetteer before it resolves the next address."""
    _copy.invalidate()


def gazetteer_forget() -> None:
    """Drop this process's copy because it was found stale (a unit it names no longer exists)."""
    _copy.forget()
