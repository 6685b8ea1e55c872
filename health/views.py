from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from health.selectors import broker_check, database_check, heartbeat_check


@never_cache
@require_GET
def healthz(request):
    """200 when the database and broker answer (a load balancer may route here); 503 otherwise.
    A stale worker heartbeat makes the status "degraded" without taking the web node out."""
    checks = {"database": database_check(), "broker": broker_check(), "heartbeat": heartbeat_check()}
    serving = checks["database"].ok and checks["broker"].ok
    status = "ok" if serving and checks["heartbeat"].ok else ("degraded" if serving else "down")
    return JsonResponse(
        {"status": status, "checks": {name: check.as_dict() for name, check in checks.items()}},
        status=200 if serving else 503,
    )
