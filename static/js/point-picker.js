/* A map that sets a latitude/longitude input pair (sectors/widgets.py), on PD.map.
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
    var latInput = document.getElementById(element.dataset.latInput);
    var lonInput = document.getElementById(element.dataset.lonInput);
    var start = readPoint(latInput, lonInput);
    var map = PD.map.create(element, start && { center: start, zoom: POINT_ZOOM });
    var marker = null;

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
    if (start) {
      place(start);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-point-picker]").forEach(setUp);
  });
})();
