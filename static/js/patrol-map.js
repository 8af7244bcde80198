// The stops of a patrol, numbered in the order visited. Markers are drawn
// by the browser, so they stay when the map tiles cannot be loaded.
(function () {
  "use strict";
  var element = document.getElementById("patrol-map");
  if (!element || !window.L) {
    return;
  }
  var data = JSON.parse(document.getElementById("patrol-map-data").textContent);
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);

  var points = data.stops.map(function (stop) {
    return [stop.lat, stop.lon];
  });
  if (points.length > 1) {
    L.polyline(points, { color: "#0b2f5b", weight: 3, opacity: 0.6, dashArray: "6 6" }).addTo(map);
  }
  data.stops.forEach(function (stop) {
    var link = document.createElement("a");
    link.href = stop.url;
    link.textContent = stop.n + ". " + stop.name;
    L.circleMarker([stop.lat, stop.lon], {
      radius: 11,
      color: "#ffffff",
      weight: 2,
      fillColor: "#0b2f5b",
      fillOpacity: 1,
    })
      .bindTooltip(String(stop.n), { permanent: true, direction: "center", className: "stop-number" })
      .bindPopup(link)
      .addTo(map);
  });
  map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 16 });
})();
