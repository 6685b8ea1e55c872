import factory
from django.utils import timezone

from hotline.caller import address_key
from hotline.models import Category, RequestType, Ticket
from units.tests.factories import DepartmentKindFactory


class RequestTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestType
        django_get_or_create = ["code"]

    code = "complaint"
    name = "投诉"


class ConsultTypeFactory(RequestTypeFactory):
    code = "consult"
    name = "咨询"
    direct_answer_allowed = True


class ReportTypeFactory(RequestTypeFactory):
    code = "report"
    name = "举报"
    confidential_by_default = True


class CategoryFactory(factory.django.DjangoModelFactory):
    """A leaf with its two ancestors: 城市管理 / 市容环境 / <name>."""

    class Meta:
        model = Category
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"99{n:04d}")
    name = factory.Sequence(lambda n: f"测试分类{n}")
    level = 3
    parent = factory.LazyFunction(
        lambda: Category.objects.get_or_create(
            code="9901",
            defaults={
                "name": "市容环境",
                "level": 2,
                "path": "城市管理 / 市容环境",
                "parent": Category.objects.get_or_create(
                    code="99", defaults={"name": "城市管理", "level": 1, "path": "城市管理"}
                )[0],
            },
        )[0]
    )
    path = factory.LazyAttribute(lambda o: f"{o.parent.path} / {o.name}")
    default_tier = "T3"
    matter = Category.Matter.TERRITORIAL
    department_kind = factory.SubFactory(DepartmentKindFactory)


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    number = factory.Sequence(lambda n: f"20260101-{n + 1:06d}")
    received_at = factory.LazyFunction(timezone.now)
    channel = "phone"
    caller_name = "张三"
    caller_phone = "13812345678"
    request_type = factory.SubFactory(RequestTypeFactory)
    category = factory.SubFactory(CategoryFactory)
    address = "朝阳区团结湖路1号"
    address_key = factory.LazyAttribute(lambda o: address_key(o.address))
    content = "小区门口有人占道经营，晚上很吵。"
    tier = "T3"
