import factory

from units.models import DepartmentKind, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"9{n:08d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Unit.Kind.STREET


class CityFactory(UnitFactory):
    code = "110000"
    name = "北京市"
    kind = Unit.Kind.CITY


class HotlineFactory(UnitFactory):
    code = "110000-12345"
    name = "北京市12345市民服务热线"
    kind = Unit.Kind.HOTLINE
    parent = factory.SubFactory(CityFactory)


class DistrictFactory(UnitFactory):
    code = factory.Sequence(lambda n: f"11{n + 50:04d}")
    name = factory.Sequence(lambda n: f"测试{n}区")
    kind = Unit.Kind.DISTRICT
    parent = factory.SubFactory(CityFactory)


class StreetFactory(UnitFactory):
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}{n + 1:03d}")
    name = factory.Sequence(lambda n: f"测试{n}街道")
    kind = Unit.Kind.STREET
    parent = factory.SubFactory(DistrictFactory)


class DepartmentKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DepartmentKind
        django_get_or_create = ["code"]

    code = "cgzf"
    name = "城管执法"


class DepartmentFactory(UnitFactory):
    kind = Unit.Kind.DEPARTMENT
    parent = factory.SubFactory(DistrictFactory)
    department_kind = factory.SubFactory(DepartmentKindFactory)
    code = factory.LazyAttribute(lambda o: f"{o.parent.code}-{o.department_kind.code}")
    name = factory.LazyAttribute(lambda o: f"{o.parent.name}{o.department_kind.name}局")


class CommunityFactory(UnitFactory):
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}{n + 1:03d}")
    name = factory.Sequence(lambda n: f"测试{n}社区")
    kind = Unit.Kind.COMMUNITY
    parent = factory.SubFactory(StreetFactory)


class StationFactory(UnitFactory):
    """A department's station or brigade (所/队): a sub-unit it hands work down to."""

    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}-s{n + 1}")
    name = factory.Sequence(lambda n: f"测试{n}所")
    kind = Unit.Kind.STATION
    parent = factory.SubFactory(DepartmentFactory)


class SectionFactory(UnitFactory):
    """A township's or street's section (科室)."""

    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}-k{n + 1}")
    name = factory.Sequence(lambda n: f"测试{n}科室")
    kind = Unit.Kind.SECTION
    parent = factory.SubFactory(StreetFactory)
