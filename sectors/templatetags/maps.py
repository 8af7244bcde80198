from django import template
from django.conf import settings
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def map_attrs(center=None):
    """The data-* attributes PD.map.create() (static/js/map-core.js) reads: tiles, centre and zooms.

    `center`: (latitude, longitude) of the viewer's area; the configured centre without one.

    format_html, not {{ }}: the Indonesian locale would write the centre's decimal dots as commas.
    """
    config = settings.LEAFLET_CONFIG
    latitude, longitude = center or config["DEFAULT_CENTER"]
    return format_html(
        'data-tiles-url="{}" data-tiles-attribution="{}" data-center-lat="{}" data-center-lon="{}" '
        'data-zoom="{}" data-min-zoom="{}" data-max-zoom="{}"',
        settings.MAP_TILES_URL,
        settings.MAP_TILES_ATTRIBUTION,
        latitude,
        longitude,
        config["DEFAULT_ZOOM"],
        config["MIN_ZOOM"],
        config["MAX_ZOOM"],
    )
