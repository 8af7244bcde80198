from django.urls import path

from . import views

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("map/<slug:name>.geojson", views.layer, name="map_layer"),
]
