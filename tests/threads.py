"""Running one piece of work in several threads at the same moment, as several Celery workers would."""

import threading
from collections.abc import Callable

from django.db import connection


def run_at_once(work: Callable[[], object], workers: int) -> list:
    """``work()`` in ``workers`` threads released together; → their results. Any exception in a
    thread fails the calling test. Each thread closes its own database connection."""
    start = threading.Barrier(workers)
    results, errors = [], []

    def worker():
        try:
            start.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results
