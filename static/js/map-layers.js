/* The layers of the map page. PD.mapLayers.draw has one function per GeoJSON layer of
 * reports/geojson.py, each returning a Leaflet layer; PD.mapLayers.createPanes(map) runs first.
 * Popups and labels are DOM nodes filled with textContent (PD.map.element): a name from the
 * database shows exactly as typed, never as HTML. `config` is the page's map-config
 * (reports/views/map.py): kinds, links and texts. */
(function () {
  "use strict";

  var el = PD.map.element;
  var format = PD.map.format;

  // Outlines go under the visits' circles, and the kecamatan's over its desa, whichever loads first.
  var PANES = { villages: 350, districts: 360 };
  var DISTRICT_STYLE = { pane: "districts", color: "#0b2f5b", weight: 3, fill: false };
  var VILLAGE_STYLE = { pane: "villages", color: "#5f6f7f", weight: 1.5, fillColor: "#ffffff", fillOpacity: 0.2 };
  var VISIT_RADIUS = 6;

  function coverage(days, limits) {
    if (days === null) {
      return "never";
    }
    if (days <= limits.recentDays) {
      return "recent";
    }
    return days <= limits.waitingDays ? "month" : "waiting";
  }

  function toLatLng(coordinates) {
    return L.latLng(coordinates[1], coordinates[0]);
  }

  function popup(title) {
    var box = el("div", "pd-popup");
    box.appendChild(el("strong", "pd-popup-title", title));
    return box;
  }

  function linkList(ids, total, href, text, config) {
    var list = el("ul", "pd-popup-links");
    ids.forEach(function (id) {
      var item = el("li");
      var link = el("a", null, format(text, { id: id }));
      link.href = format(href, { id: id });
      item.appendChild(link);
      list.appendChild(item);
    });
    if (total > ids.length) {
      list.appendChild(el("li", "text-secondary", format(config.texts.more, { count: total - ids.length })));
    }
    return list;
  }

  function lastVisit(days, texts) {
    if (days === null) {
      return texts.never;
    }
    return days === 0 ? texts.today : format(texts.daysAgo, { days: days });
  }

  function districts(data) {
    var group = L.featureGroup();
    data.features.forEach(function (feature) {
      var properties = feature.properties;
      var outline = L.geoJSON(feature, {
        interactive: false,
        // A dashed line: the extent of the desa and sectors, until the outline is imported.
        style: L.extend({ dashArray: properties.approximate ? "8 8" : null }, DISTRICT_STYLE),
      }).addTo(group);
      // Named on its northern edge with the Polsek that covers it, so a Polres reader sees whose area is whose.
      var bounds = outline.getBounds();
      var name = properties.unit ? properties.unit + " · " + properties.name : properties.name;
      var icon = L.divIcon({ className: "pd-district-label", html: el("span", null, name), iconSize: null });
      group.addLayer(
        L.marker([bounds.getNorth(), bounds.getCenter().lng], { icon: icon, interactive: false, keyboard: false })
      );
    });
    return group;
  }

  function villageLabel(latlng, name) {
    var icon = L.divIcon({ className: "pd-village-label", html: el("span", null, name), iconSize: null });
    return L.marker(latlng, { icon: icon, interactive: false, keyboard: false });
  }

  function villages(data) {
    var group = L.featureGroup();
    data.features.forEach(function (feature) {
      var properties = feature.properties;
      if (feature.geometry.type === "Point") {
        group.addLayer(villageLabel(toLatLng(feature.geometry.coordinates), properties.name));
        return;
      }
      var outline = L.geoJSON(feature, { interactive: false, style: VILLAGE_STYLE }).addTo(group);
      var at = properties.label ? toLatLng(properties.label) : outline.getBounds().getCenter();
      group.addLayer(villageLabel(at, properties.name));
    });
    return group;
  }

  function sectorPopup(feature, config) {
    var properties = feature.properties;
    var texts = config.texts;
    var box = popup(properties.name);
    box.appendChild(el("div", "pd-popup-meta", config.kinds[properties.kind]));
    box.appendChild(el("div", "pd-popup-meta", format(texts.village, { name: properties.village })));
    box.appendChild(el("div", null, lastVisit(properties.days, texts)));
    box.appendChild(el("div", null, format(texts.openAspirations, { count: properties.open })));
    if (properties.aspirations) {
      box.appendChild(
        linkList(properties.aspirations, properties.open, config.links.aspiration, texts.aspiration, config)
      );
    }
    // An officer with a patrol taking visits: the visit form, this sector chosen.
    if (config.links.newVisit) {
      var action = el("a", "btn btn-primary btn-sm pd-popup-action", texts.newVisit);
      action.href = format(config.links.newVisit, { id: feature.id });
      box.appendChild(action);
    }
    return box;
  }

  function sectors(data, config) {
    var icons = {};
    function icon(kind, days) {
      var className = "pd-sector kind-" + kind + " coverage-" + coverage(days, config.coverage);
      icons[className] = icons[className] || L.divIcon({ className: className, html: false, iconSize: [28, 28] });
      return icons[className];
    }
    return L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var properties = feature.properties;
        return L.marker(latlng, { icon: icon(properties.kind, properties.days), title: properties.name });
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(function () {
          return sectorPopup(feature, config);
        });
      },
    });
  }

  function aspirationPopup(properties, config) {
    var texts = config.texts;
    var box = popup(properties.name);
    box.appendChild(el("div", null, format(texts.matching, { total: properties.total })));
    box.appendChild(el("div", "pd-popup-meta", format(texts.counts, properties)));
    // Reviewers: the review list showing these aspirations, filtered as the layer is.
    if (properties.list) {
      var link = el("a", "btn btn-primary btn-sm pd-popup-action", texts.reviewList);
      link.href = properties.list;
      box.appendChild(link);
    }
    return box;
  }

  function aspirations(data, config) {
    return L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var properties = feature.properties;
        var level = properties.overdue ? "overdue" : properties.urgent ? "urgent" : properties.open ? "open" : "closed";
        var badge = el("span", null, properties.open || properties.total);
        return L.marker(latlng, {
          icon: L.divIcon({ className: "pd-aspirations level-" + level, html: badge, iconSize: null }),
          title: properties.name + ": " + format(config.texts.matching, properties),
          // Above the sector it belongs to.
          zIndexOffset: 1000,
        });
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(function () {
          return aspirationPopup(feature.properties, config);
        });
      },
    });
  }

  function visitPopup(properties, config) {
    var texts = config.texts;
    var box = popup(properties.name);
    var date = properties.date.split("-").reverse().join("/");
    box.appendChild(el("div", null, format(texts.visitsOn, { date: date })));
    box.appendChild(linkList(properties.visits, properties.visits.length, config.links.visit, texts.visit, config));
    if (properties.far) {
      box.appendChild(el("div", "text-danger", texts.far));
    }
    return box;
  }

  function visits(data, config) {
    return L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var className = "pd-visit" + (feature.properties.far ? " is-far" : "");
        return L.circleMarker(latlng, { radius: VISIT_RADIUS, className: className });
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(function () {
          return visitPopup(feature.properties, config);
        });
      },
    });
  }

  function createPanes(map) {
    Object.keys(PANES).forEach(function (name) {
      map.createPane(name).style.zIndex = PANES[name];
    });
  }

  window.PD.mapLayers = {
    createPanes: createPanes,
    draw: { districts: districts, villages: villages, sectors: sectors, aspirations: aspirations, visits: visits },
  };
})();
