/* PD.map: the one Leaflet map component of Patroli Dialogis (Leaflet from django-leaflet).
 *
 * A page includes leaflet/leaflet.css, css/map-core.css, leaflet/leaflet.js and this file, and
 * writes the settings into its map element with {% load maps %}<div {% map_attrs %}> (no inline
 * script: the Content-Security-Policy forbids them).
 *
 *   PD.map.create(element[, view]) -> L.Map
 *     A map with the configured tiles, centred on the kecamatan or on view ({center, zoom}).
 *     Its plain background keeps markers and outlines readable when no tile server answers.
 *   PD.map.element(tag, className, text) -> HTMLElement
 *     The way to put a name from the database into a popup, label or list: as textContent,
 *     never as HTML, so "<img src=x onerror=...>" shows as typed.
 *   PD.map.format(text, values) -> String
 *     Fills the {name} marks of a translated text (e.g. "Desa {name}") with values, once:
 *     a value that itself holds "{...}" is not filled in again.
 *   PD.map.getJSON(url) -> Promise of the parsed body
 *     With the session cookie; rejects with the server's JSON "error" message and the status.
 *
 * css/map-core.css holds the markers every map shares: sectors by kind and coverage
 * ("pd-sector kind-<kind> coverage-<recent|month|waiting|never>"), desa labels and visit positions.
 */
(function () {
  "use strict";

  // OpenStreetMap's tile servers refuse requests without a Referer. Leaflet 1.9.3 has no
  // referrerPolicy option, so each tile gets it here, before the image is fetched.
  var TILE_REFERRER_POLICY = "strict-origin-when-cross-origin";

  function create(element, view) {
    var data = element.dataset;
    var maxZoom = parseInt(data.maxZoom, 10);
    var map = L.map(element, { minZoom: parseInt(data.minZoom, 10), maxZoom: maxZoom });
    var tiles = L.tileLayer(data.tilesUrl, { attribution: data.tilesAttribution, maxZoom: maxZoom });
    tiles.on("tileloadstart", function (event) {
      event.tile.referrerPolicy = TILE_REFERRER_POLICY;
    });
    tiles.addTo(map);
    element.classList.add("pd-map");
    if (view) {
      map.setView(view.center, view.zoom);
    } else {
      map.setView([parseFloat(data.centerLat), parseFloat(data.centerLon)], parseInt(data.zoom, 10));
    }
    return map;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (mark, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : mark;
    });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        return response.json().then(
          function (body) {
            if (response.ok) {
              return body;
            }
            throw failure(body.error || "HTTP " + response.status, response.status);
          },
          function () {
            throw failure("HTTP " + response.status, response.status);
          }
        );
      }
    );
  }

  function failure(message, status) {
    var error = new Error(message);
    error.status = status;
    return error;
  }

  window.PD = window.PD || {};
  window.PD.map = { create: create, element: element, format: format, getJSON: getJSON };
})();
