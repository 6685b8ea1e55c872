"""What the public Open311 view may show of a ticket's own words and place: pure functions, no
database. Personal data in free text (phone and ID numbers, e-mail addresses, building and room
numbers) is replaced by ``REDACTED``; an address is cut back to its street level; coordinates are
rounded. Redaction errs on the side of hiding: an 8-digit amount looks like a local phone number
and is hidden as one.

Python's ``\\d`` matches every Unicode decimal digit, so full-width (１３８…) and other scripts'
digits are caught like ASCII ones."""

import re
import unicodedata
from decimal import Decimal

REDACTED = "***"

# One optional separator between digits: spaces (also the ideographic one) and dashes of all widths.
_SEP = r"[ \u3000\-－‐‑–—]"
_NO_DIGIT_BEFORE = rf"(?<!\d)(?<!\d{_SEP})"
_NO_DIGIT_AFTER = rf"(?!{_SEP}?\d)"
_CN_NUMERAL = "[一二三四五六七八九十百零〇两]"
_LETTER = "[A-Za-zＡ-Ｚａ-ｚ]"


def _digits(count: int) -> str:
    """``count`` digits, each pair optionally split by one separator: 138 1234-5678."""
    return rf"\d(?:{_SEP}?\d){{{count - 1}}}"


EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# 居民身份证: 17 digits and a check character (a digit or X).
ID_NUMBER = re.compile(rf"{_NO_DIGIT_BEFORE}{_digits(17)}{_SEP}?[\dXxＸｘ](?![\dA-Za-z])")
# Bank cards and other long numbers: 4-digit groups (6222 0200 1234 5678), or 11+ digits in a row.
LONG_NUMBER = re.compile(
    rf"{_NO_DIGIT_BEFORE}(?:\d{{4}}(?:{_SEP}\d{{4}}){{2,}}(?:{_SEP}\d{{1,4}})?|\d{{11,}})"
)
MOBILE = re.compile(
    rf"{_NO_DIGIT_BEFORE}(?:[+＋]?[8８][6６]{_SEP}?)?[1１]{_SEP}?[3-9３-９](?:{_SEP}?\d){{9}}{_NO_DIGIT_AFTER}"
)
# An area code (010, (0755)) or none, a 7- or 8-digit number, an extension (转 123, #123).
LANDLINE = re.compile(
    rf"{_NO_DIGIT_BEFORE}(?:[(（]?[0０]\d{{2,3}}[)）]?{_SEP}?)?\d{{3,4}}{_SEP}?\d{{4}}"
    rf"(?:[转#＃]{_SEP}?\d{{1,6}})?{_NO_DIGIT_AFTER}"
)
# Building-entrance-room written with dashes: 3-2-101.
DASHED_ROOM = re.compile(rf"{_NO_DIGIT_BEFORE}\d{{1,3}}[\-－]\d{{1,3}}[\-－]\d{{2,4}}{_NO_DIGIT_AFTER}")
# Buildings, entrances, floors, rooms: 5号楼2单元301室, 3单元502, B座1203, 502室, 三单元五零二.
# Written in Chinese numerals only with the unambiguous words (两户 is a count, 三单元 a place).
_STRONG_MARK = "号楼|号院|栋|幢|座|单元|室|房间|房"
_ANY_MARK = rf"{_STRONG_MARK}|号(?!线)|层|楼|户|门"
_PART = rf"(?:(?:{_LETTER}|\d+{_LETTER}?)(?:{_ANY_MARK})|{_CN_NUMERAL}+(?:{_STRONG_MARK}))"
_TRAILING = rf"(?:\d+(?:[\-－]\d+)*{_LETTER}?|{_CN_NUMERAL}{{2,}})"
ROOM = re.compile(rf"(?<![月\dA-Za-z]){_PART}(?:{_SEP}?{_PART})*(?:{_SEP}?{_TRAILING})?")

PATTERNS = (EMAIL, ID_NUMBER, LONG_NUMBER, MOBILE, LANDLINE, DASHED_ROOM, ROOM)


def text_redact(text: str) -> str:
    """``text`` with every phone number, ID number, long number, e-mail address and building or
    room number replaced by ``REDACTED``; everything else as written."""
    for pattern in PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


# --- address ------------------------------------------------------------------------------------

# Where the house, compound or building begins: anything that is not a Chinese character (digits,
# letters, punctuation), or a Chinese-numeral house or building number (六号院, 三栋).
_BELOW_THE_STREET = re.compile(
    rf"[^\u3400-\u9fff]|{_CN_NUMERAL}+(?:号|栋|幢|座|单元|层|楼|室|户|门|弄|组|期|排)"
)
# The names of areas and ways, longest first: 省 市 区 县 街道 镇 乡 路 街 大道 巷 胡同 …
_AREA_OR_WAY = re.compile("自治区|自治州|自治县|街道|胡同|大街|大道|省|市|州|盟|区|县|旗|镇|乡|路|街|巷|道")
# Words that end in 区 or 市 but name a compound or a shop: 小区, 社区 (below the street), 四区.
_NOT_AN_AREA = re.compile(rf"(?:小|社|园|校|景|片|营|厂|矿|宿舍|生活|住宅|{_CN_NUMERAL})区$|超市$")


def address_generalise(address: str) -> str:
    """The address up to its last district, street/township or road name, before any house number,
    compound, building or room: 朝阳区团结湖街道幸福家园小区5号楼 → 朝阳区团结湖街道,
    朝阳区团结湖路1号 → 朝阳区团结湖路. "" when no such name leads the address (幸福家园小区3号楼):
    nothing below the street is ever shown."""
    compact = "".join(unicodedata.normalize("NFKC", address or "").split())
    head = _BELOW_THE_STREET.split(compact, maxsplit=1)[0]
    ends = [
        match.end() for match in _AREA_OR_WAY.finditer(head) if not _NOT_AN_AREA.search(head[: match.end()])
    ]
    return head[: max(ends)] if ends else ""


def coordinate_round(value: Decimal | float | None, *, decimals: int) -> float | None:
    """A coordinate to ``decimals`` places (2 ≈ 1 km, 3 ≈ 100 m); None stays None."""
    return None if value is None else round(float(value), decimals)
