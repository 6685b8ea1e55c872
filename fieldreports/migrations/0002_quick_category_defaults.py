"""The grid worker's short list by default: the street problems they report most (the codes of
hotline/data/categories.csv). An administrator changes the list in the admin."""

from django.db import migrations

DEFAULTS = [
    ("010101", "complaint"),  # 占道经营
    ("010201", "help"),  # 垃圾清运不及时
    ("010301", "report"),  # 私搭乱建
    ("010402", "help"),  # 井盖缺失破损
    ("010403", "help"),  # 路灯不亮
    ("030301", "complaint"),  # 违章停车
    ("040104", "report"),  # 露天焚烧
    ("010205", "complaint"),  # 建筑垃圾渣土遗撒
]


def add_defaults(apps, schema_editor):
    QuickCategory = apps.get_model("fieldreports", "QuickCategory")
    for order, (code, request_type) in enumerate(DEFAULTS, start=1):
        QuickCategory.objects.get_or_create(
            category_code=code, defaults={"request_type_code": request_type, "sort_order": order * 10}
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("fieldreports", "QuickCategory").objects.filter(
        category_code__in=[code for code, _type in DEFAULTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("fieldreports", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
