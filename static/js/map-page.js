/* The map page (/map/, templates/sectors/map.html): loads each switched-on layer from
 * /map/<layer>.geojson, reloads a layer when its filters change, says which layer failed and
 * why, and lists the sectors waiting longest for a visit, nearest to the map's centre first. */
(function () {
  "use strict";

  var UNVISITED_SHOWN = 15;
  var FOCUS_ZOOM = 15;

  var el = PD.map.element;
  var format = PD.map.format;
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var texts = config.texts;
  var map = PD.map.create(document.getElementById("map"));
  PD.mapLayers.createPanes(map);
  var layers = {};
  var failures = {};
  var sectorMarkers = [];

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
      failures[name] = format(texts.loadFailed, { layer: texts.layers[name], error: message });
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
          listUnvisited();
        }
      },
      function (error) {
        if (layer.request === request) {
          layer.loaded = false;
          report(name, error.status ? error.message : texts.offline);
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
    var centre = map.getCenter();
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
      ? format(texts.unvisitedShown, { shown: shown.length, total: waiting.length })
      : texts.unvisitedNone;
  }

  document.querySelectorAll("[data-layer]").forEach(setUpSwitch);
  document.querySelectorAll("[data-filters]").forEach(setUpFilters);
  map.on("moveend", listUnvisited);
})();
