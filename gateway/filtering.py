"""The API's filter backend."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when a request names none of the view's filters:
    building a FilterSet (a deep copy of every filter, then a form) costs an unfiltered
    list page a noticeable share of its time (bench/README.md), to change nothing."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not _names_a_filter(
            request.query_params, filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _names_a_filter(params, filters) -> bool:
    # Multi-value filters take suffixed parameters (published_after, year_min).
    return any(
        param == name or param.startswith(f"{name}_") for param in params for name in filters
    )
