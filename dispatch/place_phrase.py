"""Which part of an address names the place itself — the compound, road number or landmark — so
that a dispatcher's correction for one flat teaches the router the whole compound."""

import re
from collections.abc import Iterable

NUMBER = r"(?:\d+|[一二三四五六七八九十百零〇两]+)"
# Building, entrance, floor, room: what differs between neighbours of one compound.
INSIDE_THE_COMPOUND = re.compile(rf"{NUMBER}(?:号楼|栋|幢|座|单元|层|楼|室|户|门)(?:.*)$")
# 3-2-101: building-entrance-room written with dashes.
TRAILING_NUMBER = re.compile(rf"{NUMBER}(?:-{NUMBER})+$")


def compound_phrase(key: str, admin_names: Iterable[str]) -> str:
    """``key`` is a normalised address (hotline.caller.address_key). Leading administrative names
    (district, street — the router finds those by itself) and everything from the building
    number on are cut: 朝阳区团结湖街道幸福家园小区5号楼2单元301 → 幸福家园小区."""
    names = sorted({name for name in admin_names if name}, key=len, reverse=True)
    phrase = key
    while prefix := next((name for name in names if phrase.startswith(name)), None):
        phrase = phrase[len(prefix) :]
    phrase = INSIDE_THE_COMPOUND.sub("", phrase)
    return TRAILING_NUMBER.sub("", phrase)
