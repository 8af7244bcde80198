/* A Leaflet map that sets a latitude/longitude input pair (sectors/widgets.py).
 * Clicking the map or dragging the marker writes the inputs; typing in the
 * inputs moves the marker. Without tiles (closed network) the map stays
 * usable: clicks and the marker do not depend on them. */
(function () {
  "use strict";

  var POINT_ZOOM = 16;

  function readPoint(latInput, lonInput) {
    var lat = parseFloat(latInput.value);
    var lon = parseFloat(lonInput.value);
    if (!isFinite(lat) || !isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      return null;
    }
    return L.latLng(lat, lon);
  }

  function setUp(element) {
    var data = element.dataset;
    var latInput = document.getElementById(data.latInput);
    var lonInput = document.getElementById(data.lonInput);
    var maxZoom = parseInt(data.maxZoom, 10);
    var map = L.map(element, { maxZoom: maxZoom });
    var marker = null;

    L.tileLayer(data.tilesUrl, { attribution: data.tilesAttribution, maxZoom: maxZoom }).addTo(map);

    function place(point) {
      if (marker) {
        marker.setLatLng(point);
        return;
      }
      marker = L.marker(point, { draggable: true, autoPan: true }).addTo(map);
      marker.on("dragend", function () {
        write(marker.getLatLng());
      });
    }

    function write(point) {
      point = point.wrap();
      latInput.value = point.lat.toFixed(6);
      lonInput.value = point.lng.toFixed(6);
      place(point);
    }

    function follow() {
      var point = readPoint(latInput, lonInput);
      if (point) {
        place(point);
        map.panTo(point);
      } else if (marker && !latInput.value && !lonInput.value) {
        marker.remove();
        marker = null;
      }
    }

    map.on("click", function (event) {
      write(event.latlng);
    });
    latInput.addEventListener("input", follow);
    lonInput.addEventListener("input", follow);

    var start = readPoint(latInput, lonInput);
    if (start) {
      map.setView(start, POINT_ZOOM);
      place(start);
    } else {
      map.setView([parseFloat(data.centerLat), parseFloat(data.centerLon)], parseInt(data.zoom, 10));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-point-picker]").forEach(setUp);
  });
})();
