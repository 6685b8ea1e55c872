"""The reference rows every generated data set hangs from: a request type, a category and a T3
deadline policy of its own, named by the run's tag, so that a run can remove exactly what it made."""

from datetime import UTC, datetime, timedelta

from dispatch.models import DeadlinePolicy
from hotline.models import Category, RequestType


def reference_rows_create(tag: str) -> tuple[int, int, int]:
    """→ (request type id, category id, policy id) for ``tag`` (``bm`` + hex digits)."""
    request_type_id = RequestType.objects.create(code=tag, name=tag).pk
    category_id = Category.objects.create(code=tag, name=tag, level=3, path=tag).pk
    policy_id = DeadlinePolicy.objects.create(
        tier="T3",
        # A start no real policy has (the unique key is tier and start), decades before any.
        effective_from=datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=int(tag[2:], 16)),
        sign_minutes=120,
        contact_minutes=1440,
        reply_amount=7,
        reply_unit=DeadlinePolicy.Unit.WORKING_DAYS,
        note=f"benchmark {tag}",
    ).pk
    return request_type_id, category_id, policy_id
