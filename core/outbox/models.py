from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    """A Celery task that must run because a transaction committed. Written in that transaction;
    done once the task has succeeded. Until then, due_at says when the relay publishes it again."""

    task = models.CharField(_("task"), max_length=200, help_text=_("The Celery task's name."))
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    dedupe_key = models.CharField(
        _("dedupe key"),
        max_length=200,
        unique=True,
        help_text=_("What this work is about, so that the same effect is recorded once."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    due_at = models.DateTimeField(
        _("publish again at"), help_text=_("When the relay publishes it (again) if it is not done by then.")
    )
    published_at = models.DateTimeField(_("last published at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("times published"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        db_table = "outbox_task"
        ordering = ["created_at", "id"]
        verbose_name = _("outbox task")
        verbose_name_plural = _("outbox tasks")
        indexes = [
            # The relay reads only what is not done and due: the index holds only those rows.
            models.Index(fields=["due_at"], name="outbox_task_due_idx", condition=Q(done_at__isnull=True)),
            # Pruning reads only done rows, oldest first.
            models.Index(fields=["done_at"], name="outbox_task_done_idx", condition=Q(done_at__isnull=False)),
        ]

    def __str__(self):
        return self.dedupe_key
