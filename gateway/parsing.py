"""The API's JSON parser: DRF's, refusing NUL characters anywhere in the document with a
400 that names where (gateway.errors)."""

from rest_framework import parsers
from rest_framework.exceptions import ValidationError

from gateway.errors import NUL_PROBLEM, nul_path


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if (where := nul_path(data)) is not None:
            raise ValidationError({where or "(body)": [NUL_PROBLEM]})
        return data
