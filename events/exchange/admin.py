"""The admin's CSV upload: the same import as `manage.py import_events`, added to the
events' list page as a tool (events.admin.add_tool, in apps.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from events.exchange.importing import import_rows
from events.exchange.reading import read_rows


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV with the columns of the CSV export "
        "(external_id, title, date, … ); at most "
        f"{settings.ANNALS_IMPORT_MAX_BYTES // 1_000_000} MB."
    )
    dry_run = forms.BooleanField(required=False, help_text="Check only; write nothing.")
    strict = forms.BooleanField(required=False, help_text="Import nothing if any row is bad.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        most = settings.ANNALS_IMPORT_MAX_BYTES
        if upload.size > most:
            raise ValidationError(
                f"The file is {upload.size / 1e6:.1f} MB; an upload may be at most "
                f"{most / 1e6:.0f} MB. Split it, or use manage.py import_events."
            )
        return upload


def import_view(model_admin, request):
    """Upload a CSV with the export's columns; the same import as `import_events`."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
            for chunk in form.cleaned_data["file"].chunks():
                handle.write(chunk)
            handle.flush()
            report = import_rows(
                read_rows(Path(handle.name), "csv"),
                strict=form.cleaned_data["strict"],
                dry_run=form.cleaned_data["dry_run"],
            )
    return TemplateResponse(
        request,
        "admin/exchange/import.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": "Import events from CSV",
            "form": form,
            "report": report,
        },
    )
