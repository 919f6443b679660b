"""Which language a request is answered in.

Reader pages carry it in their address (/ko/, /ru/, /zh-hans/; English unprefixed:
Django's LocaleMiddleware and i18n_patterns). Everything else (the API, calendar files
and feeds at their unprefixed addresses, the admin) follows ?lang= first, then the
language cookie a reader set by choosing one, then Accept-Language; the answer says
which (Content-Language) and that it may differ by Accept-Language (Vary).

A first visit to / from a browser that prefers Korean, Russian or Chinese goes to that
language's home page, unless the reader has chosen a language (the switcher sets the
cookie, English included).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from gateway import params
from gateway.errors import bad_request
from gateway.methods import reads

CODES = tuple(code for code, _ in settings.LANGUAGES)


def prefixed(path: str) -> bool:
    """Whether a path is a reader page's in a language other than English (/ko/…)."""
    first = path.lstrip("/").split("/", 1)[0]
    return first in CODES and first != settings.LANGUAGE_CODE


def unprefixed(path: str) -> str:
    """A reader page's path without its language prefix: /ko/events/x/ -> /events/x/."""
    if prefixed(path):
        return "/" + path.lstrip("/").split("/", 1)[1] if path.count("/") > 1 else "/"
    return path


def in_language(path: str, language: str) -> str:
    """The same reader page in `language` (addresses are the same in every language)."""
    rest = unprefixed(path)
    return rest if language == settings.LANGUAGE_CODE else f"/{language}{rest}"


def from_request(request) -> str:
    """?lang=, else the chosen language (cookie), else Accept-Language, else English."""
    asked = params.choice(request.GET, "lang", CODES)
    if asked:
        return asked
    return translation.get_language_from_request(request, check_path=False)


class LanguageMiddleware:
    """After LocaleMiddleware: the language of answers outside i18n_patterns, and the
    first visit's redirect to the reader's own language."""

    FOLLOWS_REQUEST = ("/api/", "/admin/", "/feeds/", "/anniversaries.ics", "/dev/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        first_visit = path == "/" and request.method in ("GET", "HEAD")
        if first_visit and (redirect := self._first_visit(request)):
            return redirect
        follows = path.startswith(self.FOLLOWS_REQUEST) or path.endswith(".ics")
        if follows and not prefixed(path):
            try:
                language = from_request(request)
            except params.BadParameter as bad:  # ?lang=fr: a 400 naming it, not a 500
                return bad_request(request, bad.errors)
            # Taken up once the address is resolved (process_view): the calendar files
            # and feeds at unprefixed addresses are English's routes, which resolve
            # only while English is active.
            request.answer_language = language
        response = self.get_response(request)
        if follows and not prefixed(path):
            response.headers["Content-Language"] = translation.get_language()
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def process_view(self, request, view, args, kwargs):
        language = getattr(request, "answer_language", None)
        if language is not None:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return None

    @staticmethod
    def _first_visit(request):
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or "lang" in request.GET:
            return None
        preferred = translation.get_language_from_request(request, check_path=False)
        if preferred == settings.LANGUAGE_CODE or preferred not in CODES:
            return None
        response = HttpResponseRedirect(f"/{preferred}/")
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


@reads
def choose(request):
    """GET /language/?to=ko&next=/events/…/: remember the reader's choice (a cookie, so
    that / no longer follows the browser) and go to the same page in that language."""
    language = params.choice(request.GET, "to", CODES) or settings.LANGUAGE_CODE
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    parts = urlsplit(target)
    path = in_language(parts.path or "/", language)
    response = HttpResponseRedirect(parts._replace(scheme="", netloc="", path=path).geturl())
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 60 * 60,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
