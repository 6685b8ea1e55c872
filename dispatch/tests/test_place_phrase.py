import pytest

from dispatch.place_phrase import compound_phrase

ADMIN = {"朝阳区", "朝阳", "团结湖街道"}


@pytest.mark.parametrize(
    ("key", "phrase"),
    [
        ("朝阳区团结湖街道幸福家园小区5号楼2单元301", "幸福家园小区"),
        ("朝阳水碓子东路15号院3号楼", "水碓子东路15号院"),
        ("幸福家园小区8号楼", "幸福家园小区"),
        ("朝阳区团结湖北里3-2-101", "团结湖北里"),
        ("团结湖北里小区十号楼", "团结湖北里小区"),
        ("朝阳区", ""),
    ],
)
def test_compound_phrase(key, phrase):
    assert compound_phrase(key, ADMIN) == phrase
