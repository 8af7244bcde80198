"""The map point picker of the admin: our own, since django-leaflet's widgets need GDAL."""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


class PointPickerWidget(forms.NumberInput):
    """A longitude input followed by a map that sets it and its latitude input.

    static/js/point-picker.js runs the map, on the shared map component of
    static/js/map-core.js, which reads its settings from data-* attributes
    because the Content-Security-Policy forbids inline scripts.
    """

    map_template_name = "sectors/widgets/point_picker.html"

    class Media:
        css = {"all": ["leaflet/leaflet.css", "css/map-core.css", "css/point-picker.css"]}
        js = ["leaflet/leaflet.js", "js/map-core.js", "js/point-picker.js"]

    def __init__(self, latitude_id, attrs=None):
        super().__init__(attrs)
        self.latitude_id = latitude_id

    def render(self, name, value, attrs=None, renderer=None):
        # The form renderer only looks in app folders, so the map part, which
        # lives in the project's templates/, goes through the template engine.
        context = {
            "input": super().render(name, value, attrs, renderer),
            "latitude_id": self.latitude_id,
            "longitude_id": self.build_attrs(self.attrs, attrs)["id"],
        }
        return mark_safe(render_to_string(self.map_template_name, context))
