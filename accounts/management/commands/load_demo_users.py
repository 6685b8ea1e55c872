from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.services import membership_grant, user_upsert
from units.models import Unit


class Command(BaseCommand):
    help = "Create (or reset) one demo user per role. Needs divisions and departments loaded."

    @transaction.atomic
    def handle(self, *args, **options):
        units = Unit.objects.in_bulk(
            [code for demo in DEMO_USERS for _role, code in demo.memberships], field_name="code"
        )
        for demo in DEMO_USERS:
            user = user_upsert(
                username=demo.username,
                full_name=demo.full_name,
                password=DEMO_PASSWORD,
                is_staff=demo.is_staff,
                is_superuser=demo.is_superuser,
            )
            for role, code in demo.memberships:
                membership_grant(user=user, unit=units[code], role=role)
            for permission in demo.permissions:
                app_label, codename = permission.split(".")
                user.user_permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            self.stdout.write(f"{demo.username} / {DEMO_PASSWORD}  {demo.full_name}")
