"""A mention: one piece of evidence about the place — a name found in the address or the content,
or the coordinates — with every place it may mean (its readings)."""

from dataclasses import dataclass, replace

from dispatch.routing.gazetteer import PRIMARY, Gazetteer, Place, Reading
from units.models import Unit

ADDRESS, CONTENT, COORDINATES = "address", "content", "coordinates"
# The address is what the caller gave as the place of the problem; coordinates are usually right
# but may be where the caller stands; the content names places in passing ("my son in 海淀 …").
# An address name outweighs the coordinates, which outweigh a name in the content.
FIELD_WEIGHT = {ADDRESS: 10, COORDINATES: 6, CONTENT: 4}
# Reading forms of a coordinates mention: the district containing the point, a street boundary.
POINT, POLYGON = "point", "polygon"
# Characters allowed between a district and the street it qualifies ("海淀区 八里庄").
ADJACENT_GAP = 1


@dataclass(frozen=True)
class Mention:
    field: str
    phrase: str
    start: int | None
    end: int | None
    readings: tuple[Reading, ...]

    @property
    def weight(self) -> int:
        return FIELD_WEIGHT[self.field]


def text_mentions(gazetteer: Gazetteer, text: str, field: str) -> list[Mention]:
    """The names in the address or the content. In the content a weak reading is dropped: there
    光明, 幸福, 温泉 are words far more often than places, and nothing vouches for them."""
    mentions = []
    for match in gazetteer.find(text):
        readings = match.readings
        if field == CONTENT:
            readings = tuple(reading for reading in readings if reading.strength == PRIMARY)
        if readings:
            mentions.append(Mention(field, match.phrase, match.start, match.end, readings))
    return mentions


def contains(outer: Place, inner: Place) -> bool:
    if outer.kind == Unit.Kind.DISTRICT:
        return inner.district_id == outer.id and inner != outer
    return (
        outer.kind == Unit.Kind.STREET and inner.kind == Unit.Kind.COMMUNITY and inner.street_id == outer.id
    )


def narrow_by_context(mentions: list[Mention]) -> list[Mention]:
    """A name written right after a bigger place keeps only the readings inside it: in
    "我在朝阳区上班，住在海淀区八里庄街道" the 八里庄 is 海淀's, whatever else the sentence names."""
    narrowed = list(mentions)
    for index in range(1, len(narrowed)):
        before, mention = narrowed[index - 1], narrowed[index]
        if before.field != mention.field or mention.field == COORDINATES:
            continue
        if mention.start - before.end > ADJACENT_GAP or len(mention.readings) < 2:
            continue
        inside = tuple(
            r for r in mention.readings if any(contains(b.place, r.place) for b in before.readings)
        )
        if inside:
            narrowed[index] = replace(mention, readings=inside)
    return narrowed
