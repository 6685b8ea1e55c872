from django.core.management.base import BaseCommand

from accounts.models import User
from hotline.selectors.tickets import visible_tickets
from streets.models import Whistle, WhistleDomain
from streets.services import whistle_blow
from units.models import Unit

DEMO_ADDRESS = "朝阳区团结湖北里3号楼（演示）"


class Command(BaseCommand):
    help = "Blow one demo whistle from 团结湖街道 to 朝阳区城管执法 and 住建房管 (once)."

    def handle(self, *args, **options):
        if Whistle.objects.filter(address=DEMO_ADDRESS).exists():
            self.stdout.write("demo whistle: already there")
            return
        units = Unit.objects.in_bulk(["110105013", "110105-cgzf", "110105-zj"], field_name="code")
        official = User.objects.get(username="street")
        whistle_blow(
            actor=official,
            street=units["110105013"],
            domain=WhistleDomain.objects.get(code="joint_enforcement"),
            urgency="urgent",
            address=DEMO_ADDRESS,
            description="楼顶私搭乱建，雨天渗水到楼下住户，街道无执法权，需城管执法和住建部门到场。",
            departments=[units["110105-cgzf"], units["110105-zj"]],
            # A demo ticket already dispatched to the street, if the worker has routed one; else none.
            tickets=visible_tickets(official).filter(address__contains="团结湖")[:1],
        )
        self.stdout.write("demo whistle: 1 created")
