"""Pure rules about callers: phone numbers (validate, normalise, mask) and addresses."""

import re

from django.utils.translation import gettext_lazy as _

ANONYMOUS_WORDS = {"anonymous", "匿名", "无", "none"}
MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
# Area codes: 010 and 02x have three digits, every other one four (0xxx).
LANDLINE = re.compile(r"^(?:\+?86)?(0(?:10|2\d)|0[3-9]\d{2})(\d{7,8})(?:#(\d{1,6}))?$")
SEPARATORS = re.compile(r"[\s\-()（）]")


class InvalidPhone(ValueError):
    pass


def phone_normalise(raw: str) -> tuple[str, bool]:
    """→ (normalised number, anonymous). Mainland mobiles "13812345678"; landlines with their area
    code "010-12345678" (an extension after "#"); "anonymous"/"匿名" gives ("", True)."""
    text = (raw or "").strip()
    if text.lower() in ANONYMOUS_WORDS:
        return "", True
    compact = SEPARATORS.sub("", text.replace("转", "#"))
    if match := MOBILE.match(compact):
        return match.group(1), False
    if match := LANDLINE.match(compact):
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
