"""What every request passes through, whichever app answers it: health probes, the
refusal of NUL characters, throttles and who the client is, the API's JSON parser and
filter backend, error answers, and how the OpenAPI schema describes them.

It knows Django and DRF only, never the apps (events, timeline), so both can use it.
"""
