from django.urls import path
from rest_framework import generics, serializers

from benchmarks.yardstick.models import YardstickTicket


class YardstickTicketSerializer(serializers.ModelSerializer):
    class Meta:
        model = YardstickTicket
        fields = [
            "id",
            "received_at",
            "channel",
            "status",
            "request_type",
            "category",
            "content",
            "address",
            "caller_phone",
        ]
        read_only_fields = ["id", "received_at", "status"]


class YardstickTicketCreate(generics.CreateAPIView):
    queryset = YardstickTicket.objects.all()
    serializer_class = YardstickTicketSerializer


urlpatterns = [path("api/v1/tickets/", YardstickTicketCreate.as_view())]
