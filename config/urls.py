from django.contrib import admin
from django.urls import path

from timeline import views as timeline_views

admin.site.site_header = "Annals editors"
admin.site.site_title = "Annals admin"
admin.site.index_title = "Events, sources and timelines"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", timeline_views.home, name="home"),
]
