"""Pure rules about callers: phone numbers (validate, normalise, mask) and addresses."""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

ANONYMOUS_WORDS = {"anonymous", "匿名", "无", "none"}
# After the country code (+86, 0086 or 86) a number is written without its trunk 0.
COUNTRY_CODE = re.compile(r"^(?:\+86|0086|86)(?=[0-9]{9})")
MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Area codes: 010 and 02x have three digits, every other one four (0xxx); then a 7–8 digit number.
LANDLINE = re.compile(r"(0(?:10|2[0-9])|0[3-9][0-9]{2})([0-9]{7,8})(?:#([0-9]{1,6}))?")
SEPARATORS = re.compile(r"[\s\-()]")
EXTENSION_MARK = re.compile(r"转|分机|ext\.?", re.IGNORECASE)


class InvalidPhone(ValueError):
    pass


def ascii_digits(text: str) -> str:
    """Digits as ASCII: NFKC turns full-width ０-９ (and ＋, －, （）, ＃, full-width spaces) into
    ASCII but leaves other scripts' digits alone, so Arabic-Indic ٠-٩, Persian ۰-۹ and every other
    decimal digit are mapped by their Unicode value."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        str(unicodedata.decimal(char))
        if not char.isascii() and unicodedata.decimal(char, None) is not None
        else char
        for char in text
    )


def phone_normalise(raw: str) -> tuple[str, bool]:
    """→ (normalised number, anonymous), in ASCII digits whatever digits were typed.

    Accepted: a mainland mobile, 1[3-9] and nine digits → "13812345678"; a landline with its area
    code (010/02x or 0xxx, then 7–8 digits) → "010-12345678", with an optional extension marked by
    "转", "分机", "ext" or "#" → "010-12345678#123". Spaces, dashes and brackets may separate the
    groups; a country code (+86, 0086, 86) may lead, and a landline after it may drop its trunk 0
    ("+86 10 1234 5678"). A dash before an extension is refused: without a mark "010-12345678-12"
    cannot be told from a mistyped number. "anonymous"/"匿名" gives ("", True)."""
    text = ascii_digits(raw or "").strip()
    if text.lower() in ANONYMOUS_WORDS:
        return "", True
    compact = EXTENSION_MARK.sub("#", SEPARATORS.sub("", text))
    national, international = COUNTRY_CODE.subn("", compact, count=1)
    if MOBILE.fullmatch(national):
        return national, False
    if international and not national.startswith("0"):
        national = "0" + national
    if match := LANDLINE.fullmatch(national):
        area, number, extension = match.groups()
        return f"{area}-{number}" + (f"#{extension}" if extension else ""), False
    raise InvalidPhone(
        _("Enter a mainland mobile number, a landline with its area code (010-12345678), or “anonymous”.")
    )


def phone_mask(phone: str) -> str:
    """138****5678 for a mobile; 010-****5678 for a landline; "" stays ""."""
    if not phone:
        return ""
    main = phone.split("#", 1)[0]
    if "-" in main:
        area, number = main.split("-", 1)
        return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"
    return f"{main[:3]}{'*' * (len(main) - 7)}{main[-4:]}"


def phone_last_four(phone: str) -> str:
    return phone.split("#", 1)[0][-4:]


ADDRESS_NOISE = re.compile(r"[\s,，。.、;；:：()（）\[\]【】\"“”'‘’\-—_]+")
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def address_key(address: str) -> str:
    """A comparison key for "the same address": no spaces or punctuation, half-width digits,
    without the leading city name that some callers say and others do not."""
    key = ADDRESS_NOISE.sub("", (address or "").translate(FULLWIDTH_DIGITS)).lower()
    return key.removeprefix("北京市").removeprefix("北京")
