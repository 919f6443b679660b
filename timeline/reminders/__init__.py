"""Anniversary reminders, from a subscriber's wish to a message sent.

Read the files in the pipeline's order:

1. ``subscriptions.py`` subscribe: create, confirm, manage, unsubscribe, expire
   (``links.py`` signs the links every message carries)
2. ``planner.py`` plan: subscriptions x anniversaries -> one Delivery per reminder
3. ``dispatch.py`` dispatch: due deliveries handed to the workers
4. ``sending.py`` send: claim, send, record (``emails.py``, ``webhooks.py``)

Around them: ``models.py`` (Subscription, Delivery, DeliveryAttempt, PlannerState),
``tasks.py`` (every Celery task, by its stable name), ``views.py``, ``forms.py`` and
``templates/reminders/`` (the pages and emails), ``api.py`` and ``serializers.py``,
``admin.py``, ``urls.py`` and ``management/commands/plan_reminders.py``.

It builds on the time layer (timelines, anniversaries) and the records; neither
imports it.
"""
