"""Drafting from a report in the admin: a tool on the sources' list (apps.py)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone

from events.drafting.reports import draft_events_from_report


class ReportForm(forms.Form):
    title = forms.CharField(max_length=300)
    url = forms.CharField(label="URL", max_length=500)
    published = forms.DateField(
        help_text="YYYY-MM-DD", widget=forms.DateInput(attrs={"type": "date"})
    )
    publisher = forms.CharField(max_length=200, required=False)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}), help_text="The report's text, pasted."
    )


def draft_view(model_admin, request):
    """Paste a report: store it as a source and propose draft events to review."""
    if not request.user.has_perm("events.add_event"):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    drafts = None
    if request.method == "POST" and form.is_valid():
        try:
            _, drafts = draft_events_from_report(**form.cleaned_data, today=timezone.localdate())
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field, errors)
    return TemplateResponse(
        request,
        "admin/drafting/draft.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": "Draft events from a report",
            "form": form,
            "drafts": drafts,
        },
    )
