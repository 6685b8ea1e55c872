from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from accounts.models import Role
from knowledge.selectors import article_list_visible, article_search, hotline_today

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

ON = date(2024, 12, 1)

UNRELATED = [
    ("社保卡补办流程", "社保卡丢了 补卡", "携带身份证到社保卡服务网点办理，怎么办理请咨询网点。"),
    ("居住证办理", "暂住证 居住登记", "在居住地派出所办理居住登记，满半年后申请居住证。"),
    ("停水停电查询", "停水 停电 没水了", "拨打供水服务热线或供电服务热线查询恢复时间。"),
    (
        "噪音扰民处理",
        "噪音 扰民 太吵",
        "夜间施工噪音派单至城管执法部门，生活噪音先由社区调解，不行怎么办再报警。",
    ),
    ("物业费收费标准", "物业费 收费", "物业服务企业应公示收费项目和标准，供热费另行收取。"),
]


def titles(hits):
    return [hit.article.title for hit in hits]


@pytest.fixture
def heating():
    for title, keywords, body in UNRELATED:
        ArticleFactory(title=title, keywords=keywords, body=body)
    return ArticleFactory(
        title="供热温度不达标的处理",
        keywords="暖气不热 屋里冷 室温低",
        body="居民反映暖气不热、室温低于18℃的，请联系供热单位的报修电话，供热单位应上门测温。",
    )


def test_a_caller_s_words_find_the_article_written_in_official_words(heating):
    query = "暖气不热怎么办"
    shared = {query[i : i + 4] for i in range(len(query) - 3)} & {
        heating.title[i : i + 4] for i in range(len(heating.title) - 3)
    }
    assert shared == set()

    hits = article_search(query=query, on=ON)

    assert hits[0].article == heating
    assert all(hit.score < hits[0].score for hit in hits[1:])


def test_a_title_hit_outranks_a_body_hit():
    in_body = ArticleFactory(title="物业服务", body="小区电梯困人时，物业应通知维保单位。")
    in_title = ArticleFactory(title="电梯困人求助", body="保持冷静，按下警铃。")

    assert titles(article_search(query="电梯困人", on=ON)) == [in_title.title, in_body.title]


def test_expired_unpublished_and_future_articles_are_never_offered():
    ArticleFactory(title="供暖时间（已过期）", valid_from=date(2023, 11, 1), valid_to=date(2024, 3, 31))
    ArticleFactory(title="供暖时间（草稿）", is_published=False)
    ArticleFactory(title="供暖时间（明年）", valid_from=date(2025, 1, 1))
    current = ArticleFactory(title="供暖时间", valid_to=ON)

    assert titles(article_search(query="供暖时间", on=ON)) == [current.title]
    assert titles(article_search(query="供暖时间", on=ON + timedelta(days=1))) == []


def test_search_defaults_to_today_in_beijing():
    today = hotline_today()
    ArticleFactory(
        title="供暖时间（昨天到期）", valid_from=date(2020, 1, 1), valid_to=today - timedelta(days=1)
    )
    current = ArticleFactory(title="供暖时间", valid_from=today, valid_to=today)

    assert titles(article_search(query="供暖时间")) == [current.title]


def test_today_is_the_calendar_day_of_the_hotline_time_zone():
    one_in_the_morning_in_beijing = datetime(2024, 3, 31, 17, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=one_in_the_morning_in_beijing):
        assert hotline_today() == date(2024, 4, 1)  # Asia/Shanghai, the default TIME_ZONE
        with override_settings(TIME_ZONE="UTC"):
            assert hotline_today() == date(2024, 3, 31)


def test_limit_and_queries_without_terms():
    ArticleFactory.create_batch(3, title="供热温度")
    assert len(article_search(query="供热", on=ON, limit=2)) == 2
    assert article_search(query="？！…", on=ON) == []
    assert article_search(query="没有这个词", on=ON) == []


def test_search_issues_the_same_three_queries_for_5_and_for_50_articles():
    def search_queries(expected_hits: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            hits = article_search(query="暖气不热怎么办", on=ON, limit=100)
        assert len(hits) == expected_hits
        return len(captured)

    ArticleFactory.create_batch(5, title="供热温度不达标", body="暖气不热")
    with_5 = search_queries(5)
    ArticleFactory.create_batch(45, title="供热温度不达标", body="暖气不热")
    with_50 = search_queries(50)

    assert with_5 == with_50 == 3


def test_dispatchers_see_every_article_others_only_what_is_offered(make_user):
    offered = ArticleFactory()
    draft = ArticleFactory(is_published=False)
    expired = ArticleFactory(valid_to=date(2024, 3, 31))

    assert set(article_list_visible(user=make_user(Role.DISPATCHER), on=ON)) == {offered, draft, expired}
    for role in (Role.OPERATOR, Role.LEADER, None):
        assert set(article_list_visible(user=make_user(role), on=ON)) == {offered}
