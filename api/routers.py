"""Routers whose detail routes take an integer id only as digits: ``/tickets/null/`` matches no
route and answers 404, rather than reaching a lookup (or a visibility check) that cannot take it."""

from rest_framework.routers import DefaultRouter, SimpleRouter

ID_LOOKUPS = {"pk", "id"}


class IdLookupMixin:
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if lookup_field in ID_LOOKUPS and getattr(viewset, "lookup_value_regex", None) is None:
            return self._base_pattern.format(
                lookup_prefix=lookup_prefix,
                lookup_url_kwarg=getattr(viewset, "lookup_url_kwarg", None) or lookup_field,
                lookup_value="[0-9]+",
            )
        return super().get_lookup_regex(viewset, lookup_prefix)


class IdDefaultRouter(IdLookupMixin, DefaultRouter):
    pass


class IdSimpleRouter(IdLookupMixin, SimpleRouter):
    pass
