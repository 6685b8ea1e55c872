"""Pages whose reads may come from the replica: GET and HEAD requests to the URL namespaces in
``DATABASE_REPLICA_NAMESPACES`` (the metrics dashboards and analyses by default). One place, so that
no view has to remember it and a view added to the namespace is covered.

Who is asking is settled on ``default`` first: the session and the user (and the role checks that
hang off it) are read before reads switch, so a session written a moment ago by signing in is never
looked for on a replica that has not received it yet. Other methods (a recomputation, an appeal's
decision) read and write on ``default`` only."""

from django.conf import settings
from django.urls import Resolver404, resolve

from core.db_router import reading_from_replica

SAFE_METHODS = ("GET", "HEAD")


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._reads_from_replica(request):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 - loads session and user from default before switching
        with reading_from_replica():
            return self.get_response(request)

    @staticmethod
    def _reads_from_replica(request) -> bool:
        if request.method not in SAFE_METHODS:
            return False
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
        return bool(set(match.namespaces) & set(settings.DATABASE_REPLICA_NAMESPACES))
