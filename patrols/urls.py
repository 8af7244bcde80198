from django.urls import path

from .views import aspirations, dashboard, exports, home, reports

urlpatterns = [
    path("", home.home, name="home"),
    path("aspirations/", aspirations.aspiration_list, name="aspiration_list"),
    path("aspirations/<int:pk>/", aspirations.aspiration_detail, name="aspiration_detail"),
    path("aspirations/bulk-assign/", aspirations.bulk_assign, name="aspiration_bulk_assign"),
    path("aspirations/export.csv", exports.export_csv, name="aspiration_export_csv"),
    path("aspirations/export.xlsx", exports.export_xlsx, name="aspiration_export_xlsx"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("patrols/<int:pk>/press-release/", reports.patrol_press_release, name="patrol_press_release"),
    path("press-release/", reports.range_press_release, name="press_release"),
    path("reports/weekly/", reports.weekly_report, name="weekly_report"),
]
