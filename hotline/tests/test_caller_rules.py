import pytest

from hotline.caller import InvalidPhone, address_key, phone_last_four, phone_mask, phone_normalise


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
    ],
)
def test_valid_phones_are_normalised(raw, expected):
    assert phone_normalise(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "1381234567", "23812345678", "abc", "12812345678", "0101234"])
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
