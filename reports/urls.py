from django.urls import path

from .views import dashboard, documents, map

urlpatterns = [
    path("map/", map.map_page, name="map"),
    path("map/<slug:name>.geojson", map.layer, name="map_layer"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("patrols/<int:pk>/press-release/", documents.patrol_press_release, name="patrol_press_release"),
    path("press-release/", documents.range_press_release, name="press_release"),
    path("reports/weekly/", documents.weekly_report, name="weekly_report"),
]
