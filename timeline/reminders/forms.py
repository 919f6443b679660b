from __future__ import annotations

import html
from functools import cache, lru_cache
from typing import cast
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from timeline.reminders.models import DEFAULT_LEAD_DAYS, DEFAULT_SEND_TIME, Subscription

LEAD_CHOICES = [
    ("7,0", _("A week before, and on the day")),
    ("0", _("On the day only")),
    ("1,0", _("The day before, and on the day")),
    ("30,7,0", _("A month, a week, and on the day")),
]


@cache  # ~600 zones sorted once, not on every page that shows a subscribe form
def _time_zone_choices():
    return [
        (name, name.replace("_", " "))
        for name in sorted(available_timezones())
        if "/" in name and not name.startswith(("Etc/", "SystemV/"))
    ] + [("UTC", "UTC")]


class LongSelect(forms.Select):
    """A select of many plain options, written in Python: Django renders every option
    through a template, which for 600 time zones was a large share of each page that
    shows a subscribe form (bench/README.md). Same markup (attributes, the selected
    option), no groups."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs) | {"name": name}
        options, position = _options_html(tuple(self.choices))
        chosen = position.get("" if value is None else str(value))
        if chosen is not None:
            options = list(options)
            options[chosen] = options[chosen].replace(">", " selected>", 1)
        return mark_safe(f"<select{flatatt(final)}>{''.join(options)}</select>")  # noqa: S308


@lru_cache(maxsize=8)
def _options_html(choices: tuple) -> tuple[list[str], dict[str, int]]:
    """Each option's HTML, escaped once, and where each value is."""
    options = [
        f'<option value="{html.escape(str(key))}">{html.escape(str(label))}</option>'
        for key, label in choices
    ]
    return options, {str(key): n for n, (key, _) in enumerate(choices)}


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"))
    lead = forms.ChoiceField(
        label=_("When"), choices=LEAD_CHOICES, initial=",".join(map(str, DEFAULT_LEAD_DAYS))
    )
    milestones_only = forms.BooleanField(
        label=_("Only milestone anniversaries (10th, 25th, 50th, 75th, 100th …)"), required=False
    )
    timezone = forms.ChoiceField(
        label=_("Your time zone"), choices=_time_zone_choices, widget=LongSelect
    )
    send_time = forms.TimeField(
        label=_("At what time"),
        initial=DEFAULT_SEND_TIME,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    digest = forms.BooleanField(label=_("One message for everything due at once"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["timezone"].initial = settings.TIME_ZONE

    def lead_days(self) -> list[int]:
        return [int(n) for n in self.cleaned_data["lead"].split(",")]

    def as_div(self):
        # Unbound, the form is the same for every reader in a time zone, and it is on
        # most pages: rendered once per zone and process (fields render via templates).
        if self.is_bound or self.prefix or self.auto_id != "id_%s":
            return super().as_div()
        language = translation.get_language()
        return _unbound_subscribe_form(tuple(sorted(self.initial.items())), language)


@lru_cache(maxsize=64)
def _unbound_subscribe_form(initial: tuple, language: str) -> str:
    """The unbound form in `language` (the active one: part of the key)."""
    return forms.Form.as_div(SubscribeForm(initial=dict(initial)))


class ManageForm(forms.ModelForm):
    lead = forms.ChoiceField(label=_("When"), choices=LEAD_CHOICES)
    timezone = forms.ChoiceField(
        label=_("Your time zone"), choices=_time_zone_choices, widget=LongSelect
    )

    class Meta:
        model = Subscription
        fields = ["milestones_only", "timezone", "send_time", "digest"]
        widgets = {"send_time": forms.TimeInput(attrs={"type": "time"})}
        labels = {
            "milestones_only": _("Only milestone anniversaries (10th, 25th, 50th, 75th, 100th …)"),
            "send_time": _("At what time"),
            "digest": _("One message for everything due at once"),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        current = ",".join(str(n) for n in self.instance.lead_days)
        choices = dict(LEAD_CHOICES)
        if current not in choices:
            lead = cast(forms.ChoiceField, self.fields["lead"])
            lead.choices = [
                (current, gettext("%(days)s days before") % {"days": current}),
                *LEAD_CHOICES,
            ]
        self.initial["lead"] = current

    def save(self, commit=True):
        self.instance.lead_days = [int(n) for n in self.cleaned_data["lead"].split(",")]
        return super().save(commit)
