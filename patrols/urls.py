from django.urls import path

from .views import aspirations, dashboard, exports, home, outbox, patrols, public, reports, tasks, visits

urlpatterns = [
    path("", home.home, name="home"),
    path("patrols/", patrols.patrol_list, name="patrol_list"),
    path("patrols/new/", patrols.patrol_new, name="patrol_new"),
    path("patrols/<int:pk>/", patrols.patrol_detail, name="patrol_detail"),
    path("patrols/<int:pk>/end/", patrols.patrol_end, name="patrol_end"),
    path("patrols/<int:pk>/visits/new/", visits.visit_new, name="visit_new"),
    path("patrols/<int:pk>/press-release/", reports.patrol_press_release, name="patrol_press_release"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", visits.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/photos/<int:photo_pk>.jpg", visits.visit_photo, name="visit_photo"),
    path("sectors/<int:pk>/open-aspirations/", visits.sector_open_aspirations, name="sector_open_aspirations"),
    path("outbox/", outbox.outbox, name="outbox"),
    path("outbox/token", outbox.outbox_token, name="outbox_token"),
    path("aspirations/", aspirations.aspiration_list, name="aspiration_list"),
    path("aspirations/<int:pk>/", aspirations.aspiration_detail, name="aspiration_detail"),
    path("aspirations/<int:pk>/contacted/", aspirations.aspiration_contacted, name="aspiration_contacted"),
    path("aspirations/bulk-assign/", aspirations.bulk_assign, name="aspiration_bulk_assign"),
    path("aspirations/export.csv", exports.export_csv, name="aspiration_export_csv"),
    path("aspirations/export.xlsx", exports.export_xlsx, name="aspiration_export_xlsx"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("press-release/", reports.range_press_release, name="press_release"),
    path("reports/weekly/", reports.weekly_report, name="weekly_report"),
    path("tasks/", tasks.task_list, name="tasks"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("cek/", public.public_lookup, name="public_lookup"),
    path("cek/<str:code>/", public.public_status, name="public_status"),
]
