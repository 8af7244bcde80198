from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminLoginForm

from . import views

admin.site.site_header = _("Patroli Dialogis · Admin Polsek Sekongkang")
admin.site.site_title = _("Admin Patroli Dialogis")
admin.site.index_title = _("Data wilayah, sektor, patroli dan pengguna")
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", include("patrols.urls")),
    path("", include("sectors.urls")),
    path("", include("offline.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

handler403 = views.permission_denied
handler404 = views.page_not_found

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
