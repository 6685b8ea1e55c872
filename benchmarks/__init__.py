"""Benchmark machinery shared by the ``benchmark_*`` management commands: each command stays thin,
makes or finds its data, and prints figures; the timing and percentile rules live here once."""
