"""The analysis page's counts over the API: GET /api/v1/analysis/counts/ — tickets closed without
dispatch by disposition, returns and mis-dispatches per unit, each street's whistle rate against its
normal band (``metrics.analysis_counts``). Same readers and query string as the analysis page
(period, date, district); a district outside the reader's territory answers 404."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import ANALYSTS, has_role
from metrics.analyses import PeriodKind, analysis_districts, period_of
from metrics.analysis_counts import BAND_LABELS, counts_figures
from metrics.analysis_views import AnalysisQuery, district_asked


def _text(value):
    return None if value is None else str(value)


def counts_payload(request) -> dict:
    query = AnalysisQuery(request.GET)
    period = period_of(query.value("period") or PeriodKind.DAY, query.value("date") or timezone.localdate())
    district = district_asked(query.value("district"), analysis_districts(request.user))
    counts = counts_figures(start=period.start, end=period.end, district=district)
    band = counts["whistle_band"]
    return {
        "period": period.kind,
        "first_day": period.first_day.isoformat(),
        "district": district.code if district else None,
        "dispositions": counts["dispositions"],
        "dispositions_total": counts["dispositions_total"],
        "returns": counts["returns"],
        "whistle_band": None
        if band is None
        else {
            "effective_from": band["effective_from"].isoformat(),
            "low_per_1000": str(band["low_per_1000"]),
            "high_per_1000": str(band["high_per_1000"]),
        },
        "whistle_rates": [
            {
                **{key: row[key] for key in ("unit_id", "code", "name", "whistles", "tickets", "band")},
                "rate": _text(row["rate"]),
            }
            for row in counts["whistle_rates"]
        ],
    }


COUNTS_SCHEMA = inline_serializer(
    "AnalysisCounts",
    {
        "period": serializers.CharField(),
        "first_day": serializers.DateField(),
        "district": serializers.CharField(allow_null=True),
        "dispositions": inline_serializer(
            "DispositionCount",
            {
                "key": serializers.CharField(),
                "label": serializers.CharField(),
                "count": serializers.IntegerField(),
            },
            many=True,
        ),
        "dispositions_total": serializers.IntegerField(),
        "returns": inline_serializer(
            "UnitReturnCount",
            {
                "unit_id": serializers.IntegerField(),
                "code": serializers.CharField(),
                "name": serializers.CharField(),
                "kind": serializers.CharField(),
                "returns": serializers.IntegerField(),
                "misdispatches": serializers.IntegerField(),
                "refused": serializers.IntegerField(),
            },
            many=True,
        ),
        "whistle_band": inline_serializer(
            "WhistleRateBandInForce",
            {
                "effective_from": serializers.DateField(),
                "low_per_1000": serializers.DecimalField(max_digits=7, decimal_places=2),
                "high_per_1000": serializers.DecimalField(max_digits=7, decimal_places=2),
            },
            allow_null=True,
        ),
        "whistle_rates": inline_serializer(
            "StreetWhistleRate",
            {
                "unit_id": serializers.IntegerField(),
                "code": serializers.CharField(),
                "name": serializers.CharField(),
                "whistles": serializers.IntegerField(),
                "tickets": serializers.IntegerField(),
                "rate": serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True),
                "band": serializers.ChoiceField(choices=list(BAND_LABELS), allow_null=True),
            },
            many=True,
        ),
    },
)


class CountsFiguresView(APIView):
    """Not dispatched, returned, whistled: the period's counts for the reader's territory."""

    permission_classes = [has_role(*ANALYSTS)]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=PeriodKind.values),
            OpenApiParameter("date", str, description="YYYY-MM-DD, a day of the period"),
            OpenApiParameter(
                "district", str, description="a district's code (default: the reader's territory)"
            ),
        ],
        responses=COUNTS_SCHEMA,
    )
    def get(self, request):
        return Response(counts_payload(request))
