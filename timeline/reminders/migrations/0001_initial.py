"""The reminders app takes over the models made under the timeline app
(timeline/migrations/0008_reminders_leave_timeline.py lets them go): Django's idea of
them only; their tables (db_table) and rows stay. Their content types follow, so that
permissions given on them and the admin's history of them are kept."""

import datetime
import django.db.models.deletion
import events.validators
import timeline.reminders.models
from django.conf import settings
from django.db import migrations, models


MODELS = ["subscription", "delivery", "deliveryattempt", "endpoint", "plannerstate"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="timeline", model__in=MODELS).update(
        app_label="reminders"
    )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="reminders", model__in=MODELS).update(
        app_label="timeline"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('events', '0012_on_this_day_index'),
        ('timeline', '0008_reminders_leave_timeline'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='Endpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('origin', models.CharField(max_length=300, unique=True)),
                ('failures', models.PositiveIntegerField(default=0, help_text='Consecutive failed attempts.')),
                ('failing_since', models.DateTimeField(blank=True, null=True)),
                ('open_until', models.DateTimeField(blank=True, null=True)),
                ('busy_until', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.TextField(blank=True)),
            ],
            options={
                'db_table': 'timeline_endpoint',
                'ordering': ['origin'],
            },
        ),
        migrations.CreateModel(
            name='PlannerState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('planned_until', models.DateTimeField(null=True)),
                ('lease_until', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'db_table': 'timeline_plannerstate',
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurs_on', models.DateField()),
                ('lead_days', models.PositiveSmallIntegerField()),
                ('bound', models.CharField(max_length=5)),
                ('years', models.IntegerField()),
                ('label', models.CharField(max_length=100)),
                ('milestone', models.BooleanField(default=False)),
                ('due_at', models.DateTimeField()),
                ('late', models.BooleanField(default=False)),
                ('message_id', models.CharField(default=timeline.reminders.models.new_message_id, editable=False, max_length=40, unique=True)),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('withdrawn', 'Withdrawn')], default='pending', max_length=10)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('enqueued_at', models.DateTimeField(blank=True, null=True)),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='events.event')),
            ],
            options={
                'verbose_name_plural': 'deliveries',
                'db_table': 'timeline_delivery',
                'ordering': ['-due_at'],
            },
        ),
        migrations.CreateModel(
            name='DeliveryAttempt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField()),
                ('ok', models.BooleanField()),
                ('status_code', models.IntegerField(blank=True, null=True)),
                ('latency_ms', models.IntegerField(blank=True, null=True)),
                ('error', models.TextField(blank=True)),
                ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='log', to='reminders.delivery')),
            ],
            options={
                'db_table': 'timeline_deliveryattempt',
                'ordering': ['delivery', 'at'],
            },
        ),
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('email', 'Email'), ('webhook', 'Webhook')], default='email', max_length=10)),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('webhook_url', models.URLField(blank=True, max_length=500, validators=[events.validators.validate_http_url])),
                ('webhook_secret', models.CharField(blank=True, editable=False, max_length=100)),
                ('target', models.CharField(choices=[('event', 'One event'), ('timeline', 'A timeline'), ('tag', 'A tag'), ('actor', 'An actor'), ('place', 'A place'), ('all', 'Everything')], max_length=10)),
                ('milestones_only', models.BooleanField(default=False)),
                ('lead_days', models.JSONField(default=timeline.reminders.models.default_lead_days, help_text='Days before the anniversary, e.g. [7, 0].')),
                ('milestone_lead_days', models.JSONField(blank=True, default=list, help_text='For milestones, an optional longer set, e.g. [365, 90, 7, 0].')),
                ('timezone', models.CharField(max_length=64, validators=[events.validators.validate_time_zone])),
                ('send_time', models.TimeField(default=datetime.time(9, 0))),
                ('digest', models.BooleanField(default=False, help_text='Bundle everything due at one send time.')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('unsubscribed_at', models.DateTimeField(blank=True, null=True)),
                ('paused_at', models.DateTimeField(blank=True, null=True)),
                ('paused_reason', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('target_actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.actor')),
                ('target_event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.event')),
                ('target_place', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.place')),
                ('target_tag', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.tag')),
                ('target_timeline', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='timeline.timeline')),
                ('user', models.ForeignKey(blank=True, help_text='The owner of a webhook subscription.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'timeline_subscription',
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddField(
            model_name='delivery',
            name='subscription',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='reminders.subscription'),
        ),
        migrations.AddIndex(
            model_name='subscription',
            index=models.Index(fields=['confirmed_at', 'unsubscribed_at'], name='subscription_active'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['status', 'next_attempt_at'], name='delivery_status_next'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(fields=('subscription', 'event', 'occurs_on', 'lead_days', 'bound'), name='delivery_once'),
        ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
