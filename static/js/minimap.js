// A small Leaflet map of the points in data-points. Markers are vector
// circles, so the map still shows where the place is when tiles fail to load.
document.querySelectorAll("[data-minimap]").forEach(function (element) {
  if (typeof L === "undefined") {
    return;
  }
  var points = JSON.parse(element.getAttribute("data-points"));
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(element.getAttribute("data-tiles"), {
    attribution: element.getAttribute("data-attribution"),
    maxZoom: 19,
  }).addTo(map);
  var colours = { sector: "#0b2f5b", gps: "#d63384" };
  var bounds = points.map(function (point) {
    L.circleMarker([point.lat, point.lon], {
      radius: 8,
      color: "#ffffff",
      weight: 2,
      fillColor: colours[point.kind],
      fillOpacity: 0.9,
    })
      .bindTooltip(point.label)
      .addTo(map);
    return [point.lat, point.lon];
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 15);
  } else {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }
});
