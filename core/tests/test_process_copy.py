"""The per-process copy stays usable while other threads change the data behind it: a reader
never gets nothing back."""

import sys
import threading
import uuid

from django.core.cache import cache

from core.process_copy import ProcessCopy


def test_a_copy_invalidated_by_another_thread_while_it_is_read_still_answers(settings):
    settings.ROUTING_RECHECK_SECONDS = 0
    cache.clear()
    copy = ProcessCopy(name="test.race", build=lambda: {"built": True}, fingerprint=lambda: 1)
    errors, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            try:
                assert copy.get() == {"built": True}
            except Exception as error:  # noqa: BLE001 - any failure of a read is the finding
                errors.append(repr(error))
                stop.set()

    def change():  # another thread saving the data behind the copy, again and again (what
        # ``invalidate`` does, without its after-commit repeat, which needs a database)
        while not stop.is_set():
            copy.forget()
            cache.set(copy.cache_key, uuid.uuid4().hex)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=read) for _ in range(3)] + [threading.Thread(target=change)]
        for thread in threads:
            thread.start()
        stop.wait(timeout=2)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
