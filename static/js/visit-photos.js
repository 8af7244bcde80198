// Photos taken one at a time with the camera add up instead of replacing
// each other: every chosen file is kept in the gallery input, which sends
// them all.
(function () {
  "use strict";
  var pickers = document.getElementById("photo-pickers");
  if (!pickers || typeof DataTransfer === "undefined") {
    return;
  }
  var camera = document.getElementById("photo-camera");
  var gallery = document.getElementById("photo-gallery");
  var list = document.getElementById("photo-list");
  var maximum = parseInt(pickers.dataset.max, 10);
  var language = document.documentElement.lang || "id";
  var files = [];

  function size(bytes) {
    if (bytes < 1048576) {
      return Math.max(1, Math.round(bytes / 1024)).toLocaleString(language) + " KB";
    }
    return (bytes / 1048576).toLocaleString(language, { maximumFractionDigits: 1 }) + " MB";
  }

  function show(message) {
    var items = files.map(function (file, index) {
      var item = document.createElement("li");
      item.className = "list-group-item d-flex align-items-center gap-2";
      var label = document.createElement("span");
      label.className = "flex-grow-1 text-truncate";
      label.textContent = file.name + " · " + size(file.size);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-sm btn-outline-danger";
      remove.textContent = pickers.dataset.remove;
      remove.addEventListener("click", function () {
        files.splice(index, 1);
        keep();
      });
      item.append(label, remove);
      return item;
    });
    if (message) {
      var warning = document.createElement("li");
      warning.className = "list-group-item list-group-item-warning small";
      warning.textContent = message;
      items.push(warning);
    }
    list.replaceChildren(...items);
  }

  function keep(message) {
    var transfer = new DataTransfer();
    files.forEach(function (file) {
      transfer.items.add(file);
    });
    gallery.files = transfer.files;
    camera.value = "";
    show(message);
  }

  function add(input) {
    files = files.concat(Array.from(input.files));
    var message = "";
    if (files.length > maximum) {
      files = files.slice(0, maximum);
      message = pickers.dataset.tooMany;
    }
    keep(message);
  }

  camera.addEventListener("change", function () {
    add(camera);
  });
  gallery.addEventListener("change", function () {
    add(gallery);
  });
})();
