"""How the OpenAPI schema describes what the API really answers.

drf-spectacular documents the success response only; clients (and schemathesis in the
tests) also meet the errors, so every operation lists the ones it can give, with their
bodies. Local times of day are described as they are sent: with no UTC offset (JSON
Schema's "time" format demands one).
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# {"field": ["problem", ...]} for bodies and query parameters, or {"detail": "..."}.
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {},
    "description": "Each key names the field or parameter; its value says what is wrong.",
}


def _error(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class AnnalsAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {}
        takes_input = self.method in ("POST", "PUT", "PATCH") or any(
            parameter.get("in") == "query" for parameter in self._get_parameters()
        )
        if takes_input or self._path_parameters():
            errors["400"] = _error(
                "The request names a field or parameter that is wrong.", FIELD_ERRORS
            )
        if not all(
            isinstance(p, type) and issubclass(p, permissions.AllowAny)
            for p in self.view.permission_classes
        ):
            errors["401"] = _error("No credentials, or credentials that are not valid.", DETAIL)
            errors["403"] = _error("Signed in, but not allowed to do this.", DETAIL)
        if self._path_parameters():
            errors["404"] = _error("Nothing (visible to you) has this key.", DETAIL)
        errors["429"] = _error(
            "Too many requests; the Retry-After header says when to try again.", DETAIL
        )
        return {
            **responses,
            **{code: body for code, body in errors.items() if code not in responses},
        }

    def _path_parameters(self) -> bool:
        return "{" in self.path


class LocalTime(OpenApiSerializerFieldExtension):
    """A wall-clock time with no offset: "09:30" or "09:30:00"."""

    target_class = "rest_framework.fields.TimeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
            "example": "09:30:00",
        }
