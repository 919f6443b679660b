"""The API's JSON parser: DRF's, bounded. A body over ANNALS_MAX_BODY_BYTES is a 413
(DRF reads the stream itself, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE never applies); a
document nested deeper than ANNALS_JSON_MAX_DEPTH is a 400 (deep enough, and the parser
or anything walking the document recursively would raise RecursionError, a 500); a NUL
character anywhere in the document is a 400 naming where (gateway.errors)."""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError

from gateway.errors import NUL_PROBLEM, nul_path


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def read_bounded(stream, limit: int) -> bytes:
    """At most `limit` bytes of the body, or BodyTooLarge."""
    body = stream.read(limit + 1) if stream is not None else b""
    if len(body) > limit:
        raise BodyTooLarge(f"The body is over {limit:,} bytes, the most accepted.")
    return body


def depth(data) -> int:
    """How deeply lists and objects nest in parsed JSON (a scalar is 0), iteratively."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            level += 1
            deepest = max(deepest, level)
            stack.extend(
                (item, level) for item in (value.values() if isinstance(value, dict) else value)
            )
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = read_bounded(stream, settings.ANNALS_MAX_BODY_BYTES)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(body.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise ValidationError({"(body)": [_too_deep()]}) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        if depth(data) > settings.ANNALS_JSON_MAX_DEPTH:
            raise ValidationError({"(body)": [_too_deep()]})
        if (where := nul_path(data)) is not None:
            raise ValidationError({where or "(body)": [NUL_PROBLEM]})
        return data


class FormParser(parsers.FormParser):
    """DRF's, reading at most ANNALS_MAX_BODY_BYTES (it reads the whole stream)."""

    def parse(self, stream, media_type=None, parser_context=None):
        from django.http import QueryDict

        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        body = read_bounded(stream, settings.ANNALS_MAX_BODY_BYTES)
        return QueryDict(body, encoding=encoding)


def _too_deep() -> str:
    return f"The JSON nests more than {settings.ANNALS_JSON_MAX_DEPTH} levels deep."


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON; Python's parser takes them unless told not to.
    raise ValueError(f"{name} is not valid JSON")
