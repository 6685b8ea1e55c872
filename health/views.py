from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.selectors import user_has_role
from health.selectors import broker_check, database_check, heartbeat_check


@never_cache
@require_GET
def healthz(request):
    """200 when the database and broker answer (a load balancer may route here); 503 otherwise.
    A stale worker heartbeat makes the status "degraded" without taking the web node out.
    The checks' details (error messages, addresses) are shown to staff and administrators only."""
    checks = {"database": database_check(), "broker": broker_check(), "heartbeat": heartbeat_check()}
    serving = checks["database"].ok and checks["broker"].ok
    status = "ok" if serving and checks["heartbeat"].ok else ("degraded" if serving else "down")
    body = {"status": status}
    # Without a database the viewer cannot be told apart: no detail then.
    if checks["database"].ok and _may_see_detail(request.user):
        body["checks"] = {name: check.as_dict() for name, check in checks.items()}
    return JsonResponse(body, status=200 if serving else 503)


def _may_see_detail(user) -> bool:
    return user.is_staff or user_has_role(user, Role.ADMINISTRATOR)
