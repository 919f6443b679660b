"""The chronology kernel: dates, the calendars they are written and kept in, and how they
recur. Pure Python, no Django and nothing of Annals' apps (a test holds it so), typed
strictly: the part another project could take whole.

- ``dates``: EDTF (ISO 8601-2) parsed into points with a precision, day numbers that sort
  before year 1, and each date shown honestly ("early 2020", "c. 1950", "44 BC").
- ``date_text``: dates written in words ("July 27, 1953") read back into EDTF.
- ``calendars``: Julian, Korean and Chinese lunar, Hebrew and Islamic (Umm al-Qura), each
  through a kept library, and the day an anniversary kept in one falls on.
- ``recurrence``: anniversaries: when each kind of date recurs, milestones, labels.
- ``countdown``: "in 1 year 8 months".
- ``moments``: the instants a reminder is sent, in a subscriber's own time zone.
"""
