import pytest

from hotline.caller import (
    InvalidPhone,
    address_key,
    ascii_digits,
    phone_last_four,
    phone_mask,
    phone_normalise,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", ("13812345678", False)),
        ("138 1234 5678", ("13812345678", False)),
        ("+86 138-1234-5678", ("13812345678", False)),
        ("010-12345678", ("010-12345678", False)),
        ("01012345678", ("010-12345678", False)),
        ("(0755) 8765 4321", ("0755-87654321", False)),
        ("010-12345678转123", ("010-12345678#123", False)),
        ("anonymous", ("", True)),
        ("匿名", ("", True)),
        ("ａｎｏｎｙｍｏｕｓ", ("", True)),
        ("１３８１２３４８８８８", ("13812348888", False)),
        ("١٣٨١٢٣٤٨٨٨٨", ("13812348888", False)),
        ("۱۳۸۱۲۳۴۸۸۸۸", ("13812348888", False)),
        ("13８1234888８", ("13812348888", False)),
        ("0086 138 1234 8888", ("13812348888", False)),
        ("8613812348888", ("13812348888", False)),
        ("０１０－１２３４５６７８", ("010-12345678", False)),
        ("+86 10 1234 5678", ("010-12345678", False)),
        ("+86 755 8765 4321", ("0755-87654321", False)),
        ("0755-8765432 分机 12", ("0755-8765432#12", False)),
        ("010-12345678 ext. 9", ("010-12345678#9", False)),
        ("010-12345678＃３", ("010-12345678#3", False)),
    ],
)
def test_valid_phones_are_normalised(raw, expected):
    assert phone_normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "12345",
        "1381234567",
        "23812345678",
        "abc",
        "12812345678",
        "0101234",
        "١٢٣٤٥",
        "１２８１２３４５６７８",
        "010-12345678-123",
        "+86 0138 1234 8888",
        "861234567890",
        "²³⁴",
    ],
)
def test_malformed_phones_are_refused(raw):
    with pytest.raises(InvalidPhone):
        phone_normalise(raw)


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("010-12345678", "010-****5678"),
        ("010-12345678#12", "010-****5678"),
        ("", ""),
    ],
)
def test_phone_mask(phone, masked):
    assert phone_mask(phone) == masked


def test_last_four_ignores_extension():
    assert phone_last_four("010-12345678#123") == "5678"


def test_address_key_ignores_spacing_punctuation_width_and_city():
    assert address_key("北京市 朝阳区，团结湖路１号") == address_key("朝阳区团结湖路1号")
    assert address_key("朝阳区团结湖路1号") != address_key("朝阳区团结湖路2号")


def test_ascii_digits_maps_every_script_but_keeps_other_text():
    assert ascii_digits("１２３ ١٢٣ ۴۵۶ ४५६ 789") == "123 123 456 456 789"
    assert ascii_digits("朝阳区abc-#") == "朝阳区abc-#"
