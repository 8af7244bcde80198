from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import AdminLoginForm
from accounts.models import Unit

from . import views


def admin_header():
    """The default unit's name, read when a page is drawn: renaming the unit in the admin renames the header."""
    unit = Unit.objects.default() or Unit.from_settings()
    return _("Patroli Dialogis · Admin %(unit)s") % {"unit": unit.name}


admin.site.site_header = lazy(admin_header, str)()
admin.site.site_title = gettext_lazy("Admin Patroli Dialogis")
admin.site.index_title = gettext_lazy("Data wilayah, sektor, patroli dan pengguna")
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", include("patrols.urls")),
    path("", include("sectors.urls")),
    path("", include("offline.urls")),
    path("", include("early_warnings.urls")),
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
