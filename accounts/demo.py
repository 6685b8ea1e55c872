"""The demo cast: one user for every role, so a new installation can be tried at once.

Loaded only by ``manage.py load_demo_users`` (the README's run command calls it); a production
installation creates its users in the admin instead."""

from dataclasses import dataclass

from accounts.models import Role

DEMO_PASSWORD = "demo-12345"  # noqa: S105 - printed to the demo user on purpose


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    memberships: tuple[tuple[Role, str], ...]
    is_staff: bool = False
    is_superuser: bool = False
    permissions: tuple[str, ...] = ()  # "app_label.codename"


DEMO_USERS = (
    DemoUser("operator", "王芳（接线员）", ((Role.OPERATOR, "110000-12345"),)),
    DemoUser("dispatcher", "李强（派单员）", ((Role.DISPATCHER, "110000-12345"),)),
    DemoUser(
        "street",
        "张伟（团结湖街道、三里屯街道）",
        ((Role.STREET_OFFICIAL, "110105013"), (Role.STREET_OFFICIAL, "110105004")),
        permissions=("streets.blow_whistle",),
    ),
    DemoUser("district", "赵敏（朝阳区督办）", ((Role.DISTRICT_SUPERVISOR, "110105"),)),
    DemoUser("department", "刘洋（朝阳区城管执法局）", ((Role.DEPARTMENT_STAFF, "110105-cgzf"),)),
    DemoUser("leader", "陈静（市领导）", ((Role.LEADER, "110000"),)),
    # A community of 团结湖街道 (the `street` user's): sees what the street hands down to it.
    DemoUser("community", "孙丽（团结湖街道一二条社区）", ((Role.SUB_UNIT_STAFF, "110105013027"),)),
    DemoUser("grid", "孙磊（团结湖街道一二条社区网格员）", ((Role.GRID_WORKER, "110105013027"),)),
    DemoUser(
        "admin",
        "系统管理员",
        ((Role.ADMINISTRATOR, "110000"),),
        is_staff=True,
        is_superuser=True,
    ),
)
