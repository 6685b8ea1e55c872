"""Machinery every domain app shares: the compare-and-set transition (``core.transitions``), the
beat-task lock (``core.locks``), the immutable event row (``core.models``), its read-only admin
(``core.admin``) and the transactional outbox (``core.outbox``). It imports no domain app; domain
apps import it."""
