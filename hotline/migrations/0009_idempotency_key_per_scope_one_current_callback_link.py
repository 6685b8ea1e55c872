from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("hotline", "0008_normalise_phones_scope_idempotency_keys_supersede_links"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='callbacklink',
            constraint=models.UniqueConstraint(condition=models.Q(('superseded_at__isnull', True)), fields=('ticket',), name='callback_link_one_current_per_ticket'),
        ),
        migrations.AddConstraint(
            model_name='ticket',
            constraint=models.UniqueConstraint(condition=models.Q(('idempotency_key__isnull', False)), fields=('idempotency_scope', 'idempotency_key'), name='ticket_idempotency_key_per_scope'),
        ),
    ]
