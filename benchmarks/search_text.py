"""Varied Chinese text for the tickets ``benchmark_search`` reads. ``benchmark_metrics`` copies one
template ticket millions of times (one content, no address, no phone), which makes any substring
index useless to measure. Here each such ticket gets an address from the shipped Beijing streets
and communities (units/data/beijing), a content drawn from common complaints, and a caller phone
from a pool smaller than the tickets (so callers repeat), deterministically from its id."""

import csv
import importlib
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from hotline.models import Ticket

DATA = Path(settings.BASE_DIR) / "units" / "data" / "beijing"
ISSUES = (
    "小区路灯不亮",
    "楼道堆放杂物",
    "夜间施工噪音扰民",
    "停车位被长期占用",
    "暖气不热",
    "自来水水压低",
    "垃圾清运不及时",
    "共享单车乱停放",
    "井盖破损",
    "下水道堵塞返水",
    "电梯经常故障",
    "门口占道经营",
    "私搭乱建违章建筑",
    "饭店油烟扰民",
    "广场舞噪音扰民",
    "树木遮挡采光",
    "小区门禁损坏",
    "物业服务不到位",
    "雨后道路积水",
    "路面塌陷",
    "燃气费用有争议",
    "供暖费退费",
    "养老金发放咨询",
    "医保报销咨询",
    "入学学位申请",
    "拖欠农民工工资",
    "顶层房屋漏水",
    "外墙瓷砖脱落",
    "流浪犬伤人",
    "公交站牌缺失",
    "红绿灯故障",
    "渣土车遗撒",
    "乱贴小广告",
    "餐馆无证经营",
    "装修噪音夜间扰民",
    "垃圾分类设施不足",
    "电动车充电桩不足",
    "绿化带被毁坏",
    "公共厕所卫生差",
    "网约车乱收费",
)
DETAILS = (
    "已经持续一周",
    "多次反映未解决",
    "影响老人出行",
    "存在安全隐患",
    "希望尽快处理",
    "晚上十点以后最严重",
    "物业称不归其管",
    "孩子上学受影响",
    "周边居民意见很大",
    "请相关部门核实",
    "去年也出现过",
    "要求给予答复",
)
ROADS = (
    "建国路",
    "朝阳北路",
    "中关村大街",
    "学院路",
    "长安街",
    "东三环中路",
    "西直门外大街",
    "安定路",
    "广安门内大街",
    "丰台路",
    "京顺路",
    "通惠河北路",
    "回龙观西大街",
    "良乡大街",
    "新华大街",
    "府前街",
)
CALLERS = 1_500_000  # distinct phones for 2,000,000 tickets: about one caller in four calls again


def places() -> list[str]:
    """ "<street><community>" for every shipped community, e.g. "东华门街道多福巷社区"."""
    with (DATA / "streets.csv").open(encoding="utf-8") as rows:
        streets = {row["code"]: row["name"] for row in csv.DictReader(rows)}
    with (DATA / "communities.csv").open(encoding="utf-8") as rows:
        return [
            streets[row["street_code"]] + row["name"].removesuffix("居委会")
            for row in csv.DictReader(rows)
            if row["street_code"] in streets
        ]


def text_variety(sample: int = 10_000) -> tuple[int, int, str]:
    """→ (distinct contents, rows read, the commonest content) in a sample of the newest tickets."""
    newest = Ticket.objects.order_by("-received_at").values_list("content", flat=True)[:sample]
    contents = list(newest)
    if not contents:
        return 0, 0, ""
    commonest = max(set(contents), key=contents.count)
    return len(set(contents)), len(contents), commonest


def trigram_indexes() -> dict[str, str]:
    return importlib.import_module("hotline.migrations.0014_ticket_trigram_search").INDEXES


def tickets_vary(*, template: str, out) -> int:
    """Give every ticket whose content is ``template`` a varied address, content and phone. The
    trigram indexes are dropped for the update and built again after (faster than maintaining
    them row by row); the time of each build is printed."""
    indexes = trigram_indexes()
    with connection.cursor() as cursor:
        for name in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        started = time.perf_counter()
        cursor.execute(
            """
            UPDATE hotline_ticket t SET
              address = p[1 + mod(h, cardinality(p))] || r[1 + mod(h / 7, cardinality(r))]
                        || (1 + mod(h / 11, 300)) || '号' || (1 + mod(h / 13, 30)) || '号楼',
              content = split_part(p[1 + mod(h, cardinality(p))], '街道', 2) || '居民反映'
                        || i[1 + mod(h / 17, cardinality(i))] || '，' || d[1 + mod(h / 19, cardinality(d))]
                        || '。地点在' || r[1 + mod(h / 7, cardinality(r))] || '附近，'
                        || i[1 + mod(h / 23, cardinality(i))] || '的问题也有。',
              caller_phone = '1' || (3 + mod(h / 29, 7)) || lpad(mod(h / 31, %(callers)s)::text, 9, '0')
            FROM (
              SELECT %(places)s::text[] AS p, %(roads)s::text[] AS r, %(issues)s::text[] AS i,
                     %(details)s::text[] AS d
            ) words,
            (
              SELECT id, abs(hashtext(id::text))::bigint AS h FROM hotline_ticket WHERE content = %(template)s
            ) hashed
            WHERE t.id = hashed.id
            """,
            {
                "places": places(),
                "roads": list(ROADS),
                "issues": list(ISSUES),
                "details": list(DETAILS),
                "template": template,
                "callers": CALLERS,
            },
        )
        varied = cursor.rowcount
        out(
            f"  varied {varied:,} tickets' address, content and phone in {time.perf_counter() - started:.1f} s"
        )
        for name, column in indexes.items():
            started = time.perf_counter()
            cursor.execute(f"CREATE INDEX {name} ON hotline_ticket USING gin ({column} gin_trgm_ops)")
            out(f"  built {name} in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        cursor.execute("VACUUM ANALYZE hotline_ticket")
        out(f"  vacuum analyze in {time.perf_counter() - started:.1f} s")
    return varied
