"""timeline/forms.py: the subscribe form's fast paths render what Django would."""

from html.parser import HTMLParser

import pytest
from django import forms

from timeline.reminders.forms import SubscribeForm, _time_zone_choices


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, sorted(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.found.append(data.strip())


def parsed(html: str) -> list:
    tags = _Tags()
    tags.feed(html)
    return tags.found


def as_django_renders_it(form: SubscribeForm) -> str:
    form.fields["timezone"].widget = forms.Select(choices=_time_zone_choices())
    return forms.Form.as_div(form)


@pytest.mark.parametrize("zone", ["Asia/Seoul", "UTC", "Not/AZone", '"><script>'])
def test_the_unbound_form_is_the_one_django_renders(zone):
    shown = SubscribeForm(initial={"timezone": zone}).as_div()
    assert parsed(shown) == parsed(as_django_renders_it(SubscribeForm(initial={"timezone": zone})))
    assert "<script>" not in shown
    zones = shown.split('name="timezone"')[1].split("</select>")[0]
    selected = [t for t in parsed(zones) if t[0] == "option" and ("selected", None) in t[1]]
    assert selected == (
        []
        if zone not in dict(_time_zone_choices())
        else [("option", [("selected", None), ("value", zone)])]
    )


def test_a_bound_form_with_errors_renders_them_and_its_values():
    form = SubscribeForm(
        data={
            "email": "not an address",
            "timezone": "Asia/Pyongyang",
            "lead": "7,0",
            "send_time": "09:00",
        }
    )
    assert not form.is_valid()
    shown = form.as_div()
    assert "Enter a valid email address." in shown and 'value="not an address"' in shown
    assert parsed(shown) == parsed(as_django_renders_it(form))
