"""The transactional outbox: work that must follow a commit is written as a row in the same
transaction, published to Celery once committed, and published again by a periodic relay until
the task reports it done. Broker down at commit, a worker killed mid-task, a task that gave up
after its retries: each leaves a row that is not done, and the relay picks it up.

Use ``core.outbox.services.outbox_enqueue`` with a task built on ``core.outbox.tasks.OutboxedTask``."""
