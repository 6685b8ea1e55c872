"""The yardstick for benchmark_intake: the thinnest Django + DRF create endpoint for a ticket-shaped
row, on the project's database, served by gunicorn with the project's settings for workers. What
the project's ticket API is compared with (benchmarks.intake)."""
