/* The small map of an aspiration's page, on PD.map (js/map-core.js): the sector, with the
 * symbol the map page gives its kind, and where the officer's GPS put the visit. Both are
 * drawn by the browser, so they stay when no tile server answers. */
(function () {
  "use strict";

  var PLACE_ZOOM = 15;
  var element = document.getElementById("aspiration-map");
  if (!element || !window.PD) {
    return;
  }
  var place = JSON.parse(document.getElementById("aspiration-map-data").textContent);
  var markers = [];

  if (place.sector) {
    var icon = L.divIcon({ className: "pd-sector kind-" + place.sector.kind, html: false, iconSize: [28, 28] });
    markers.push(L.marker([place.sector.lat, place.sector.lon], { icon: icon, title: place.sector.name }));
  }
  if (place.gps) {
    var className = "pd-visit" + (place.gps.far ? " is-far" : "");
    markers.push(
      L.circleMarker([place.gps.lat, place.gps.lon], { radius: 6, className: className }).bindTooltip(
        PD.map.element("span", null, place.gps.label)
      )
    );
  }

  var map = PD.map.create(element, { center: markers[0].getLatLng(), zoom: PLACE_ZOOM });
  map.scrollWheelZoom.disable();
  var group = L.featureGroup(markers).addTo(map);
  if (markers.length > 1) {
    map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 16 });
  }
})();
