"""How people say the names of districts, streets/townships and communities, and the text
normalisation that lets a spoken address meet an official name. Pure functions: no database.

Every name yields the official form and the forms people say. A form is *explicit* when it
still carries a word that says what kind of place it is (多福巷社区, 楼梓庄村, 金海湖镇) and *bare*
otherwise (多福巷, 金海湖). Bare forms are where false matches come from, so they obey stricter rules:
at least two characters for streets and districts, three for communities; and a bare form that is
a common word (``GENERIC_WORDS``) — for a community also such a word with a compound word (幸福家园)
or a position with a road word (北大街) — is *weak*: it counts only when something else agrees
(海淀区温泉 is 温泉镇; 温泉 alone is nothing)."""

import re
from dataclasses import dataclass
from enum import StrEnum

from hotline.caller import FULLWIDTH_DIGITS

STREET_SUFFIXES = ("街道", "地区", "镇", "乡")
# Longest first, so that 社区居委会 is removed as a whole and not as 居委会 leaving 社区 behind.
COMMUNITY_OFFICE_SUFFIXES = (
    ("股份经济合作社生活区", "村"),
    ("社区居民委员会", "社区"),
    ("村民委员会", "村"),
    ("社区居委会", "社区"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
    ("村委会", "村"),
    ("社区", "社区"),
    ("村", "村"),
)
# 于家务回族乡 is said 于家务 or 于家务乡.
ETHNIC_SUFFIXES = ("回族", "满族", "蒙古族")
PARENTHESIS = re.compile(r"[（(][^）)]*[）)]")
# A generic word with a compound word (幸福家园, 阳光家园, 向阳里, 胜利小区) names estates all over the
# city, not the one community registered under that name.
GENERIC_COMPOUND = re.compile(r"^(.{2,}?)(?:家园|花园|小区|新村|公寓|嘉园|佳园|苑|园|里|楼|院|城)$")
# Positions and numbers with a road or block word (北大街, 东南街, 新北区, 十四区, 南三里) are part of
# countless addresses — 东单北大街, 朝阳门北大街 — before they are the name of one community.
POSITIONAL_NAME = re.compile(
    r"^[东西南北中前后上下内外新老大小一二三四五六七八九十]+(?:大街|街|路|区|小区|家园|花园|新村|里|条)$"
)

# A bare community name must be this long: two-character village and community names (北里, 东里,
# 南街, 小店, 中心 …) are ordinary words inside road and compound names — measured on the routing
# corpus they produced more false matches than correct ones. Said with 村/社区 they still match.
MIN_BARE_COMMUNITY = 3
MIN_BARE = 2

# Bare street/town names that are common words or name another well-known place: said alone
# they mean something else far more often than the township (河北 the province, 鼓楼 the Drum
# Tower in 东城/西城, 天桥 a footbridge, 平房 a bungalow, 光明/胜利/向阳/幸福 slogans in compound
# names). Their explicit forms (河北镇, 鼓楼街道) match as usual. Keep this list short and say why.
GENERIC_WORDS = frozenset(
    {
        # words and slogans
        "光明", "胜利", "向阳", "东风", "幸福", "和平", "新华", "荣华", "四海", "康庄", "仁和", "清水",
        "温泉", "空港", "安定", "星城", "新村", "新镇", "城关", "城北", "城南", "城子", "古城", "滨河",
        "平房", "天桥", "椿树", "果园", "永定", "龙泉", "王平", "阳光",
        # the name of a better-known place elsewhere
        "河北", "鼓楼", "北苑", "花园路",
    }
)  # fmt: skip


class Form(StrEnum):
    OFFICIAL = "official"
    SPOKEN = "spoken"  # explicit short form: 多福巷社区, 金海湖镇 for 金海湖地区
    BARE = "bare"  # no kind word left: 多福巷, 金海湖, 朝阳


@dataclass(frozen=True)
class NameForm:
    phrase: str
    form: Form
    weak: bool = False  # a common word: counts only when other evidence agrees


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as names are matched (no spaces or punctuation, half-width digits, lower case)
    and, for each kept character, its index in the original text — so that a match can be
    highlighted where the caller's words are."""
    kept, offsets = [], []
    for index, char in enumerate((text or "").translate(FULLWIDTH_DIGITS)):
        if char.isalnum():
            kept.append(char.lower())
            offsets.append(index)
    return "".join(kept), offsets


def normalise_name(name: str) -> str:
    return normalise(name)[0]


def _long_enough(phrase: str, minimum: int) -> bool:
    # Digits do not count: the bare form of 1201社区 would match every flat numbered 1201.
    return sum(not char.isdigit() for char in phrase) >= minimum


def _bare(phrase: str, minimum: int) -> list[NameForm]:
    if not _long_enough(phrase, minimum):
        return []
    return [NameForm(phrase, Form.BARE, weak=phrase in GENERIC_WORDS)]


def _bare_community(phrase: str) -> list[NameForm]:
    compound = GENERIC_COMPOUND.match(phrase)
    generic = (
        phrase in GENERIC_WORDS
        or bool(compound and compound.group(1) in GENERIC_WORDS)
        or bool(POSITIONAL_NAME.match(phrase))
    )
    return [NameForm(phrase, Form.BARE, weak=generic)] if _long_enough(phrase, MIN_BARE_COMMUNITY) else []


def district_forms(name: str) -> list[NameForm]:
    """朝阳区 → 朝阳区, 朝阳."""
    forms = [NameForm(name, Form.OFFICIAL)]
    bare = name.removesuffix("区")
    return forms + (_bare(bare, MIN_BARE) if bare != name else [])


def street_forms(name: str) -> list[NameForm]:
    """团结湖街道 → 团结湖街道, 团结湖; 金海湖地区 → … 金海湖镇, 金海湖乡 (a 地区 office and the town or
    township of the same name are one place); 于家务回族乡 → … 于家务乡, 于家务."""
    forms = [NameForm(name, Form.OFFICIAL)]
    suffix = next((s for s in STREET_SUFFIXES if name.endswith(s) and len(name) > len(s)), None)
    if suffix is None:
        return forms  # development zones and the airport: only their official names
    core = name.removesuffix(suffix)
    if suffix == "地区":
        forms += [NameForm(core + "镇", Form.SPOKEN), NameForm(core + "乡", Form.SPOKEN)]
    cores = [core]
    for ethnic in ETHNIC_SUFFIXES:
        if core.endswith(ethnic):
            cores.append(core.removesuffix(ethnic))
            forms.append(NameForm(cores[-1] + suffix, Form.SPOKEN))
    return forms + [form for bare in cores for form in _bare(bare, MIN_BARE)]


def community_forms(name: str) -> list[NameForm]:
    """多福巷社区居委会 → 多福巷社区居委会, 多福巷社区, 多福巷; 楼梓庄村委会 → …, 楼梓庄村, 楼梓庄;
    小店村村委会 → …, 小店村 (小店 is too short to stand alone)."""
    forms = [NameForm(name, Form.OFFICIAL)]
    plain = PARENTHESIS.sub("", name)
    office, settlement = next(
        ((office, settlement) for office, settlement in COMMUNITY_OFFICE_SUFFIXES if plain.endswith(office)),
        ("", ""),
    )
    core = plain.removesuffix(office)
    if not office or not core:
        return forms
    spoken = core if core.endswith(settlement) else core + settlement
    # Inside a 社区 name 村 is part of the proper name (中关村社区); for a village it is the kind word.
    bare = spoken.removesuffix(settlement)
    forms += [NameForm(spoken, Form.SPOKEN), *_bare_community(bare)]
    return list({form.phrase: form for form in reversed(forms)}.values())[::-1]
