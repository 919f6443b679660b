"""Uploaded pictures, served by the app itself where no proxy serves them (a developer's
machine, the browser tests): only with ANNALS_SERVE_MEDIA on, otherwise a 404, since in
production the reverse proxy answers /media/ before a request reaches the app."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from gateway.methods import reads


@reads
def media(request, path: str):
    if not settings.ANNALS_SERVE_MEDIA:
        raise Http404("Pictures are served by the proxy.")
    # serve() refuses paths that leave the folder, and lists no directory.
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = "public, max-age=86400"
    return response
