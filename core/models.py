"""The base for rows that record what happened and are never changed afterwards (a ticket's,
a whistle's and an assessment scope's events): written once, in the transaction of the change they
record. Abstract and without fields, so it adds no table and no migration."""

from django.db import models


class ImmutableRowError(ValueError):
    """Something tried to change or delete an immutable row."""


def _refuse(model) -> ImmutableRowError:
    return ImmutableRowError(f"{model.__name__} rows are immutable")


class ImmutableQuerySet(models.QuerySet):
    """``update()`` and ``delete()`` refused. Rows still go with their parent when it is deleted
    (on_delete=CASCADE): Django's collector deletes them by primary key, not through this queryset."""

    def update(self, **kwargs):
        raise _refuse(self.model)

    def delete(self):
        raise _refuse(self.model)

    delete.queryset_only = True  # as Django's own: ``Model.objects.delete()`` is not a thing


class ImmutableModel(models.Model):
    """``save()`` inserts only (a row with a primary key is refused, as saving it could update);
    ``delete()`` refused; the default manager's querysets refuse
    ``update()``, ``delete()`` (and so ``bulk_update()``, which runs on ``update()``)."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise _refuse(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refuse(type(self))
