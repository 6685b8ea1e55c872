"""manage.py import_street_boundaries: the command lives with the routing code it feeds."""

from dispatch.routing.import_street_boundaries import Command

__all__ = ["Command"]
