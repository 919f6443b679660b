"""The reminders' models leave the timeline app for their own (reminders/migrations/
0001_initial.py takes them over): only Django's idea of them changes. Their tables stay
as they are, with every row."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('timeline', '0007_timeline_summary'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveIndex(
            model_name='delivery',
            name='delivery_status_next',
        ),
        migrations.RemoveConstraint(
            model_name='delivery',
            name='delivery_once',
        ),
        migrations.RemoveField(
            model_name='deliveryattempt',
            name='delivery',
        ),
        migrations.DeleteModel(
            name='Endpoint',
        ),
        migrations.DeleteModel(
            name='PlannerState',
        ),
        migrations.RemoveIndex(
            model_name='subscription',
            name='subscription_active',
        ),
        migrations.RemoveField(
            model_name='delivery',
            name='event',
        ),
        migrations.RemoveField(
            model_name='delivery',
            name='subscription',
        ),
        migrations.DeleteModel(
            name='DeliveryAttempt',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='target_actor',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='target_event',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='target_place',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='target_tag',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='target_timeline',
        ),
        migrations.RemoveField(
            model_name='subscription',
            name='user',
        ),
        migrations.DeleteModel(
            name='Delivery',
        ),
        migrations.DeleteModel(
            name='Subscription',
        ),
            ],
            database_operations=[],
        ),
    ]
