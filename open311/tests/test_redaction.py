"""The public view's redaction rules, as tables: no database."""

from decimal import Decimal

import pytest

from open311.redaction import address_generalise, coordinate_round, text_redact

TEXTS = {
    # The drill's complaint, word for word.
    "room and mobile": ("我是3单元502的住户，电话13812348888", "我是***的住户，电话***"),
    "mobile with spaces": ("电话 138 1234 8888 找我", "电话 *** 找我"),
    "mobile with dashes": ("电话138-1234-8888。", "电话***。"),
    "mobile with +86": ("请打+86 13812348888", "请打***"),
    "full-width mobile": ("手机１３８１２３４８８８８谢谢", "手机***谢谢"),
    "full-width mobile with spaces": ("手机１３８　１２３４　８８８８", "手机***"),
    "landline with area code": ("座机010-65123456转8号", "座机***号"),
    "landline in brackets": ("电话（010）6512 3456", "电话***"),
    "four-digit area code": ("0755-88889999", "***"),
    "local landline": ("打65123456没人接", "打***没人接"),
    "local landline with extension": ("65123456转123", "***"),
    "ID number": ("身份证110105199001011234已丢", "身份证***已丢"),
    "ID number ending in X": ("身份证号11010519900101123X", "身份证号***"),
    "ID number lower-case x, spaced": ("110105 19900101 123x", "***"),
    "bank card in groups": ("卡号6222 0200 1234 5678 901", "卡号***"),
    "e-mail": ("邮箱zhang.san@example.org联系", "邮箱***联系"),
    "building entrance room": ("5号楼2单元301室漏水", "***漏水"),
    "room alone": ("502室楼上", "***楼上"),
    "building with a letter": ("B座1203的空调", "***的空调"),
    "building and flat": ("2栋1802", "***"),
    "dashed room": ("住3-2-101，楼道堆物", "住***，楼道堆物"),
    "Chinese numerals": ("三单元五零二的住户", "***的住户"),
    "house number and compound gate": ("幸福家园小区东门", "幸福家园小区东门"),
    "full-width room": ("３单元５０２", "***"),
    # What is kept: dates, times, amounts, metro lines, counts, short numbers.
    "date and time": ("2026-11-22 10:00左右", "2026-11-22 10:00左右"),
    "Chinese date": ("11月3号晚上", "11月3号晚上"),
    "metro line": ("地铁10号线团结湖站", "地铁10号线团结湖站"),
    "counts": ("有两户人家，噪音持续3小时，罚款200元", "有两户人家，噪音持续3小时，罚款200元"),
    "empty": ("", ""),
}


@pytest.mark.parametrize("text, expected", TEXTS.values(), ids=TEXTS.keys())
def test_text_redact(text, expected):
    assert text_redact(text) == expected


def test_redaction_is_idempotent():
    once = text_redact("我是3单元502的住户，电话13812348888")
    assert text_redact(once) == once


ADDRESSES = {
    "road and house number": ("朝阳区团结湖路1号", "朝阳区团结湖路"),
    "street, compound, building, room": (
        "北京市朝阳区团结湖街道幸福家园小区5号楼2单元301室",
        "北京市朝阳区团结湖街道",
    ),
    "avenue and building": ("海淀区中关村大街27号中关村大厦5层", "海淀区中关村大街"),
    "Latin building name": ("朝阳区望京SOHO T1 1203", "朝阳区"),
    "compound section": ("朝阳区望京西园四区", "朝阳区"),
    "Chinese-numeral house number": ("朝阳区六号院", "朝阳区"),
    "community is below the street": ("朝阳区团结湖社区居委会", "朝阳区"),
    "village is below the township": ("大兴区黄村镇狼垡三村", "大兴区黄村镇"),
    "lane": ("东城区南锣鼓巷", "东城区南锣鼓巷"),
    "spaces and full-width digits": ("朝阳区 团结湖路 １号", "朝阳区团结湖路"),
    "punctuation ends it": ("朝阳区团结湖路（近地铁站）", "朝阳区团结湖路"),
    "supermarket is not a city": ("朝阳区团结湖路超市旁", "朝阳区团结湖路"),
    "compound only": ("幸福家园小区3号楼", ""),
    "no address": ("", ""),
}


@pytest.mark.parametrize("address, expected", ADDRESSES.values(), ids=ADDRESSES.keys())
def test_address_generalise(address, expected):
    assert address_generalise(address) == expected


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (Decimal("39.928800"), 2, 39.93),
        (Decimal("116.460100"), 2, 116.46),
        (Decimal("39.928800"), 3, 39.929),
        (None, 2, None),
    ],
)
def test_coordinate_round(value, decimals, expected):
    assert coordinate_round(value, decimals=decimals) == expected
