from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from django import forms
from django.conf import settings

from timeline.models import Subscription

LEAD_CHOICES = [
    ("7,0", "A week before, and on the day"),
    ("0", "On the day only"),
    ("1,0", "The day before, and on the day"),
    ("30,7,0", "A month, a week, and on the day"),
]


@cache  # ~600 zones sorted once, not on every page that shows a subscribe form
def _time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())
            if "/" in name and not name.startswith(("Etc/", "SystemV/"))] + [("UTC", "UTC")]


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Your email address")
    lead = forms.ChoiceField(label="When", choices=LEAD_CHOICES, initial="7,0")
    milestones_only = forms.BooleanField(
        label="Only milestone anniversaries (10th, 25th, 50th, 75th, 100th …)",
        required=False)
    timezone = forms.ChoiceField(label="Your time zone", choices=_time_zone_choices)
    send_time = forms.TimeField(label="At what time", initial="09:00",
                                widget=forms.TimeInput(attrs={"type": "time"}))
    digest = forms.BooleanField(label="One message for everything due at once",
                                required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["timezone"].initial = settings.TIME_ZONE

    def lead_days(self) -> list[int]:
        return [int(n) for n in self.cleaned_data["lead"].split(",")]


class ManageForm(forms.ModelForm):
    lead = forms.ChoiceField(label="When", choices=LEAD_CHOICES)
    timezone = forms.ChoiceField(label="Your time zone", choices=_time_zone_choices)

    class Meta:
        model = Subscription
        fields = ["milestones_only", "timezone", "send_time", "digest"]
        widgets = {"send_time": forms.TimeInput(attrs={"type": "time"})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        current = ",".join(str(n) for n in self.instance.lead_days)
        choices = dict(LEAD_CHOICES)
        if current not in choices:
            self.fields["lead"].choices = [(current, f"{current} days before"), *LEAD_CHOICES]
        self.initial["lead"] = current

    def save(self, commit=True):
        self.instance.lead_days = [int(n) for n in self.cleaned_data["lead"].split(",")]
        return super().save(commit)
