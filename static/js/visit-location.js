// The place of a visit: "Gunakan lokasi saya" reads the phone's position
// and offers the nearest sectors; a filter narrows the sector list; a
// position far from the chosen sector is pointed out (the server flags it).
(function () {
  "use strict";
  var box = document.getElementById("location");
  if (!box) {
    return;
  }
  var form = box.closest("form");
  var fields = form.elements;
  var select = fields.sector;
  var status = document.getElementById("location-status");
  var nearest = document.getElementById("nearest-sectors");
  var far = document.getElementById("sector-far");
  var points = JSON.parse(document.getElementById("sector-points").textContent);
  var language = document.documentElement.lang || "id";
  var FAR_M = 1000;
  var NEAREST = 5;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name];
    });
  }

  function distanceM(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLon = (lon2 - lon1) * rad;
    var a =
      Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
  }

  function formatDistance(metres) {
    if (metres < 1000) {
      return Math.round(metres).toLocaleString(language) + " m";
    }
    return (metres / 1000).toLocaleString(language, { maximumFractionDigits: 1 }) + " km";
  }

  function here() {
    var lat = parseFloat(fields.latitude.value);
    var lon = parseFloat(fields.longitude.value);
    return isNaN(lat) || isNaN(lon) ? null : { lat: lat, lon: lon };
  }

  function showFar() {
    var position = here();
    var sector = points.find(function (point) {
      return String(point.id) === select.value;
    });
    var metres = position && sector ? distanceM(position.lat, position.lon, sector.lat, sector.lon) : 0;
    far.hidden = metres <= FAR_M;
    far.textContent = far.hidden ? "" : fill(box.dataset.far, { distance: formatDistance(metres) });
  }

  function choose(id) {
    if (filter.value) {
      filter.value = "";
      narrow("");
    }
    select.value = String(id);
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function showNearest(position) {
    var ranked = points
      .map(function (point) {
        return { point: point, metres: distanceM(position.lat, position.lon, point.lat, point.lon) };
      })
      .sort(function (a, b) {
        return a.metres - b.metres;
      })
      .slice(0, NEAREST);
    var title = document.createElement("div");
    title.className = "list-group-item small text-secondary";
    title.textContent = box.dataset.nearTitle;
    var buttons = ranked.map(function (entry) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "list-group-item list-group-item-action d-flex justify-content-between gap-2";
      var name = document.createElement("span");
      name.textContent = entry.point.name + " · " + entry.point.village;
      var distance = document.createElement("span");
      distance.className = "text-nowrap text-secondary";
      distance.textContent = formatDistance(entry.metres);
      button.append(name, distance);
      button.addEventListener("click", function () {
        choose(entry.point.id);
      });
      return button;
    });
    nearest.replaceChildren(title, ...buttons);
    nearest.hidden = ranked.length === 0;
  }

  function setField(field, value) {
    field.value = value;
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  var locate = document.getElementById("locate");
  locate.hidden = false;
  locate.addEventListener("click", function () {
    if (!navigator.geolocation) {
      status.textContent = box.dataset.unsupported;
      return;
    }
    locate.disabled = true;
    status.textContent = box.dataset.busy;
    navigator.geolocation.getCurrentPosition(
      function (found) {
        locate.disabled = false;
        var accuracy = Math.round(found.coords.accuracy);
        setField(fields.latitude, found.coords.latitude.toFixed(6));
        setField(fields.longitude, found.coords.longitude.toFixed(6));
        setField(fields.accuracy_m, accuracy);
        status.textContent = fill(box.dataset.found, { m: accuracy });
        showNearest({ lat: found.coords.latitude, lon: found.coords.longitude });
        showFar();
      },
      function (error) {
        locate.disabled = false;
        status.textContent = error.code === error.PERMISSION_DENIED ? box.dataset.denied : box.dataset.failed;
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
    );
  });

  // The filter rebuilds the list from the original options: browsers do not
  // all hide an <option> on request.
  var filter = document.getElementById("sector-filter");
  var placeholder = select.querySelector("option[value='']");
  var groups = Array.from(select.querySelectorAll("optgroup")).map(function (group) {
    return { label: group.label, options: Array.from(group.querySelectorAll("option")) };
  });

  function simplify(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function narrow(query) {
    var wanted = simplify(query.trim());
    var chosen = select.value;
    var children = [placeholder];
    groups.forEach(function (group) {
      var matches = group.options.filter(function (option) {
        return !wanted || option.value === chosen || simplify(option.text + " " + group.label).includes(wanted);
      });
      if (matches.length) {
        var optgroup = document.createElement("optgroup");
        optgroup.label = group.label;
        optgroup.append(...matches);
        children.push(optgroup);
      }
    });
    select.replaceChildren(...children);
    select.value = chosen;
  }

  filter.hidden = false;
  document.getElementById("sector-filter-label").hidden = false;
  filter.addEventListener("input", function () {
    narrow(filter.value);
  });
  select.addEventListener("change", showFar);
  fields.latitude.addEventListener("change", showFar);
  if (here()) {
    showNearest(here());
  }
  showFar();
})();
