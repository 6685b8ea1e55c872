from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Benchmark commands that belong to no single app (timing helpers live beside them)."""

    name = "benchmarks"
    verbose_name = "benchmarks"
