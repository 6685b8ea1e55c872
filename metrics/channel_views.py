"""Tickets by channel with the proactive share (主动发现, 未诉先办), for a period and a territory, as
the analysis page reads them: GET /api/v1/analysis/channels/ (JSON) and
/metrics/analysis/channels.csv (the same rows for a spreadsheet). Same readers and the same query
string as the analysis page (period, date, district)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import ANALYSTS, RoleRequiredMixin, has_role
from metrics.analyses import PeriodKind, analysis_districts, period_of
from metrics.analysis_figures import period_figures
from metrics.analysis_views import AnalysisQuery, district_asked
from metrics.exports import as_csv


def channel_figures(request) -> dict:
    """The period's channel rows and proactive share, for the user's territory."""
    query = AnalysisQuery(request.GET)
    period = period_of(query.value("period") or PeriodKind.DAY, query.value("date") or timezone.localdate())
    district = district_asked(query.value("district"), analysis_districts(request.user))
    figures = period_figures(period, district=district)
    share = figures.proactive
    return {
        "period": period.kind,
        "first_day": period.first_day.isoformat(),
        "district": district.code if district else None,
        "channels": [
            {"channel": row.key, "label": row.label, "count": row.count} for row in figures.volumes["channel"]
        ],
        "proactive": {
            "count": share.proactive,
            "total": share.total,
            "share": None if share.rate is None else str(share.rate),
        },
    }


class ChannelFiguresView(APIView):
    """Tickets received in the period by channel, and the share found proactively (channel "grid")."""

    permission_classes = [has_role(*ANALYSTS)]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=PeriodKind.values),
            OpenApiParameter("date", str, description="YYYY-MM-DD, a day of the period"),
            OpenApiParameter(
                "district", str, description="a district's code (default: the reader's territory)"
            ),
        ],
        responses=inline_serializer(
            "ChannelFigures",
            {
                "period": serializers.CharField(),
                "first_day": serializers.DateField(),
                "district": serializers.CharField(allow_null=True),
                "channels": inline_serializer(
                    "ChannelRow",
                    {
                        "channel": serializers.CharField(),
                        "label": serializers.CharField(),
                        "count": serializers.IntegerField(),
                    },
                    many=True,
                ),
                "proactive": inline_serializer(
                    "ProactiveShare",
                    {
                        "count": serializers.IntegerField(),
                        "total": serializers.IntegerField(),
                        "share": serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True),
                    },
                ),
            },
        ),
    )
    def get(self, request):
        return Response(channel_figures(request))


class ChannelFiguresCsvView(RoleRequiredMixin, View):
    required_roles = ANALYSTS

    def get(self, request):
        figures = channel_figures(request)
        share = figures["proactive"]
        rows = [[row["label"], row["count"]] for row in figures["channels"]]
        rows.append([_("All tickets"), share["total"]])
        rows.append([_("Found proactively (share)"), share["share"] or ""])
        response = HttpResponse(
            as_csv([_("Channel"), _("Tickets")], rows), content_type="text/csv; charset=utf-8"
        )
        name = f"channels-{figures['period']}-{figures['first_day']}"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
