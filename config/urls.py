from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from gateway import health, languages
from gateway.media import media
from gateway.throttling import limit_failed_sign_ins
from timeline.timelinejs_locale import timelinejs_locale

admin.site.site_header = _("Annals editors")
admin.site.site_title = _("Annals admin")
admin.site.index_title = _("Events, sources and timelines")

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("media/<path:path>", media, name="media"),
    path("admin/login/", limit_failed_sign_ins(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("language/", languages.choose, name="choose-language"),
    path("timelinejs/<str:language>.json", timelinejs_locale, name="timelinejs-locale"),
    path("", include("events.exchange.urls")),
    path("", include("timeline.reminders.dev_urls")),
]
# What readers read, in each language: English at these addresses, the others under
# /ko/, /ru/ and /zh-hans/ (gateway/languages.py says how a request's is chosen).
urlpatterns += i18n_patterns(
    path("", include("pages.urls")),
    path("", include("timeline.anniversaries.urls")),
    path("", include("timeline.reminders.urls")),
    prefix_default_language=False,
)

handler404 = "gateway.errors.not_found"
