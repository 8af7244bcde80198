/* The map page (/map/, templates/sectors/map.html): loads each switched-on layer from
 * /map/<layer>.geojson, reloads a layer when its filters change, says which layer failed and
 * why, first shows every sector in the part of the map nothing covers, and lists the sectors
 * waiting longest for a visit, nearest first: to the user once "Lokasi saya" has found them,
 * otherwise to the map's centre. */
(function () {
  "use strict";

  var UNVISITED_SHOWN = 15;
  var FOCUS_ZOOM = 15;
  // Pixels kept free inside the map's edges when fitting the sectors, and beyond whatever covers
  // the map there: a marker reaches 14 px from its point.
  var FIT_EDGE = 24;
  var MARKER_REACH = 16;
  // What lies over the map: the phone's layer button and sheet, the map's own buttons.
  var OVERLAYS = ".map-panel-toggle, .map-panel.show, .map-panel.showing, .map-status, .leaflet-control";
  var LOCATE_OPTIONS = { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 };

  var el = PD.map.element;
  var format = PD.map.format;
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var texts = config.texts;
  var map = PD.map.create(document.getElementById("map"));
  PD.mapLayers.createPanes(map);
  var layers = {};
  var failures = {};
  var sectorMarkers = [];
  var fitted = false;
  var me = null;

  function query(name) {
    var form = document.querySelector('[data-filters="' + name + '"]');
    var params = new URLSearchParams();
    if (form) {
      new FormData(form).forEach(function (value, key) {
        if (value) {
          params.append(key, value);
        }
      });
    }
    return params.toString() ? "?" + params.toString() : "";
  }

  function report(name, message) {
    var status = document.getElementById("map-status");
    if (message) {
      failures[name] = message;
    } else {
      delete failures[name];
    }
    var lines = Object.keys(failures).map(function (key) {
      return failures[key];
    });
    status.textContent = lines.join(" ");
    status.hidden = lines.length === 0;
  }

  function load(name) {
    var layer = layers[name];
    var request = PD.map.getJSON(config.layers[name] + query(name));
    layer.request = request;
    layer.loaded = true;
    request.then(
      function (data) {
        // Filters changed again while this answer was on its way: the newer one wins.
        if (layer.request !== request) {
          return;
        }
        var drawn = PD.mapLayers.draw[name](data, config);
        layer.group.clearLayers();
        layer.group.addLayer(drawn);
        report(name, null);
        if (name === "sectors") {
          sectorMarkers = drawn.getLayers();
          if (!fitted) {
            fitted = true;
            fitToSectors();
          }
          listUnvisited();
        }
      },
      function (error) {
        if (layer.request === request) {
          layer.loaded = false;
          var reason = error.status ? error.message : texts.offline;
          report(name, format(texts.loadFailed, { layer: texts.layers[name], error: reason }));
        }
      }
    );
  }

  function setUpSwitch(input) {
    var name = input.dataset.layer;
    var layer = (layers[name] = { group: L.layerGroup(), loaded: false });
    function apply() {
      if (!input.checked) {
        map.removeLayer(layer.group);
        return;
      }
      layer.group.addTo(map);
      if (!layer.loaded) {
        load(name);
      }
    }
    input.addEventListener("change", apply);
    apply();
  }

  function setUpFilters(form) {
    var name = form.dataset.filters;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("change", function () {
      if (map.hasLayer(layers[name].group)) {
        load(name);
      } else {
        layers[name].loaded = false;
      }
    });
  }

  // How far in from each edge of the map something covering it reaches, plus a marker's reach;
  // each thing counts at the edge it is nearest to.
  function fitPadding() {
    var box = map.getContainer().getBoundingClientRect();
    var padding = { top: FIT_EDGE, right: FIT_EDGE, bottom: FIT_EDGE, left: FIT_EDGE };
    document.querySelectorAll(OVERLAYS).forEach(function (node) {
      var r = node.getBoundingClientRect();
      if (!r.width || r.right <= box.left || r.left >= box.right || r.bottom <= box.top || r.top >= box.bottom) {
        return;
      }
      var reach = {
        top: r.bottom - box.top,
        bottom: box.bottom - r.top,
        left: r.right - box.left,
        right: box.right - r.left,
      };
      var edge = Object.keys(reach).reduce(function (nearest, side) {
        return reach[side] < reach[nearest] ? side : nearest;
      });
      padding[edge] = Math.max(padding[edge], reach[edge] + MARKER_REACH);
    });
    return padding;
  }

  // Once the sectors are in, after the page is laid out: every sector in the part of the map
  // that nothing covers, rather than a fixed centre and zoom cut off by the panel or the screen.
  function fitToSectors() {
    if (!sectorMarkers.length) {
      return;
    }
    map.invalidateSize({ pan: false });
    var padding = fitPadding();
    map.fitBounds(L.featureGroup(sectorMarkers).getBounds(), {
      paddingTopLeft: [padding.left, padding.top],
      paddingBottomRight: [padding.right, padding.bottom],
      maxZoom: FOCUS_ZOOM,
      animate: false,
    });
  }

  function showMe(position, pan) {
    var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
    var accuracy = Math.round(position.coords.accuracy);
    var title = format(texts.you, { accuracy: accuracy });
    if (!me) {
      me = {
        circle: L.circle(latlng, { radius: accuracy, className: "pd-me-accuracy", interactive: false }).addTo(map),
        marker: L.marker(latlng, {
          icon: L.divIcon({ className: "pd-me", iconSize: [18, 18] }),
          title: title,
          keyboard: false,
          zIndexOffset: 2000,
        }).addTo(map),
      };
    }
    me.latlng = latlng;
    me.circle.setLatLng(latlng).setRadius(accuracy);
    me.marker.setLatLng(latlng);
    me.marker.options.title = title;
    if (me.marker.getElement()) {
      me.marker.getElement().title = title;
    }
    if (pan && !map.getBounds().contains(latlng)) {
      map.panTo(latlng);
    }
    listUnvisited();
  }

  function locate(button, quietly) {
    if (!navigator.geolocation) {
      report("locate", format(texts.locateFailed, { error: texts.locateUnsupported }));
      return;
    }
    button.disabled = true;
    button.textContent = texts.locating;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        button.disabled = false;
        button.textContent = texts.locate;
        report("locate", null);
        showMe(position, !quietly);
      },
      function (error) {
        button.disabled = false;
        button.textContent = texts.locate;
        if (!quietly) {
          var reason = error.code === error.PERMISSION_DENIED ? texts.locateDenied : texts.locateUnavailable;
          report("locate", format(texts.locateFailed, { error: reason }));
        }
      },
      LOCATE_OPTIONS
    );
  }

  function setUpLocate() {
    var LocateControl = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var button = el("button", "btn btn-light btn-sm shadow-sm pd-locate", texts.locate);
        button.type = "button";
        L.DomEvent.disableClickPropagation(button);
        button.addEventListener("click", function () {
          locate(button, false);
        });
        return button;
      },
    });
    var control = new LocateControl().addTo(map);
    // Asked once before: find the user again without a button press (never a new prompt).
    if (navigator.permissions && navigator.geolocation) {
      navigator.permissions.query({ name: "geolocation" }).then(
        function (permission) {
          if (permission.state === "granted") {
            locate(control.getContainer(), true);
          }
        },
        function () {}
      );
    }
  }

  function kilometres(metres) {
    return (metres / 1000).toLocaleString(document.documentElement.lang, { maximumFractionDigits: 1 });
  }

  function focus(marker) {
    var panel = document.getElementById("map-panel");
    // On a phone the panel covers the map: get it out of the way.
    if (panel.classList.contains("show")) {
      bootstrap.Offcanvas.getOrCreateInstance(panel).hide();
    }
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), FOCUS_ZOOM));
    if (map.hasLayer(marker)) {
      marker.openPopup();
    }
  }

  function unvisitedItem(marker, metres) {
    var properties = marker.feature.properties;
    var since = properties.days === null ? texts.unvisitedNever : format(texts.unvisitedDays, properties);
    var button = el("button", "map-unvisited-item");
    button.type = "button";
    button.appendChild(el("span", "map-unvisited-name", properties.name));
    button.appendChild(
      el(
        "span",
        "map-unvisited-meta",
        format(texts.unvisitedMeta, { village: properties.village, distance: kilometres(metres), since: since })
      )
    );
    button.addEventListener("click", function () {
      focus(marker);
    });
    var item = el("li");
    item.appendChild(button);
    return item;
  }

  function listUnvisited() {
    var centre = me ? me.latlng : map.getCenter();
    var waiting = sectorMarkers
      .filter(function (marker) {
        var days = marker.feature.properties.days;
        return days === null || days > config.coverage.waitingDays;
      })
      .map(function (marker) {
        return { marker: marker, metres: centre.distanceTo(marker.getLatLng()) };
      })
      .sort(function (a, b) {
        return a.metres - b.metres;
      });
    var shown = waiting.slice(0, UNVISITED_SHOWN);
    var list = document.getElementById("unvisited-list");
    list.textContent = "";
    shown.forEach(function (entry) {
      list.appendChild(unvisitedItem(entry.marker, entry.metres));
    });
    document.getElementById("unvisited-summary").textContent = waiting.length
      ? format(me ? texts.unvisitedShownFromYou : texts.unvisitedShown, { shown: shown.length, total: waiting.length })
      : texts.unvisitedNone;
  }

  setUpLocate();
  document.querySelectorAll("[data-layer]").forEach(setUpSwitch);
  document.querySelectorAll("[data-filters]").forEach(setUpFilters);
  map.on("moveend", listUnvisited);
})();
