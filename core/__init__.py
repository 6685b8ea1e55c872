"""Machinery every domain app shares (a beat-task lock, the transactional outbox). It imports no
domain app; domain apps import it."""
