// Photos taken one at a time with the camera add up instead of replacing
// each other: every chosen file is kept in the gallery input, which sends
// them all. Each photo is shrunk on the phone to the size the server keeps,
// as a JPEG: a 10 MB camera file becomes a few hundred KB to send on a weak
// signal. What the server would refuse is refused here, before sending.
(function () {
  "use strict";
  var pickers = document.getElementById("photo-pickers");
  if (!pickers || typeof DataTransfer === "undefined") {
    return;
  }
  var form = pickers.closest("form");
  var camera = document.getElementById("photo-camera");
  var gallery = document.getElementById("photo-gallery");
  var list = document.getElementById("photo-list");
  var maximum = parseInt(pickers.dataset.max, 10);
  var QUALITY = 0.8;
  var language = document.documentElement.lang || "id";
  var files = [];
  var shrinking = 0;

  function size(bytes) {
    if (bytes < 1048576) {
      return Math.max(1, Math.round(bytes / 1024)).toLocaleString(language) + " KB";
    }
    return (bytes / 1048576).toLocaleString(language, { maximumFractionDigits: 1 }) + " MB";
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name];
    });
  }

  // The server's limits, as the page states them.
  function limit(name) {
    return parseInt(pickers.dataset[name], 10);
  }

  function refusal(template, file) {
    var error = new Error(fill(template, { name: file.name, size: size(file.size), max: size(limit("maxBytes")) }));
    error.refused = true;
    return error;
  }

  function jpegName(name) {
    return name.replace(/\.[^.]*$/, "") + ".jpg";
  }

  // createImageBitmap turns the photo upright by its EXIF orientation; the
  // canvas then draws it at most maxSide on its longest side.
  function shrink(file) {
    if (file.type && !/^image\//.test(file.type)) {
      return Promise.reject(refusal(pickers.dataset.notImage, file));
    }
    if (typeof createImageBitmap === "undefined") {
      return file.size > limit("maxBytes") ? Promise.reject(refusal(pickers.dataset.tooBig, file)) : Promise.resolve(file);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" })
      .catch(function () {
        throw refusal(pickers.dataset.notImage, file);
      })
      .then(function (bitmap) {
        if (bitmap.width * bitmap.height > limit("maxPixels")) {
          bitmap.close();
          throw refusal(pickers.dataset.tooManyPixels, file);
        }
        var scale = Math.min(1, limit("maxSide") / Math.max(bitmap.width, bitmap.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        var context = canvas.getContext("2d");
        // A transparent PNG gets the white background the server gives it.
        context.fillStyle = "#fff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        return new Promise(function (resolve) {
          canvas.toBlob(resolve, "image/jpeg", QUALITY);
        });
      })
      .then(function (blob) {
        if (!blob) {
          throw refusal(pickers.dataset.notImage, file);
        }
        return new File([blob], jpegName(file.name), { type: "image/jpeg", lastModified: file.lastModified });
      });
  }

  // While photos are being shrunk the report waits: sent now, it would go
  // without them.
  function setBusy() {
    pickers.dataset.busy = shrinking > 0 ? "1" : "";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = shrinking > 0;
    });
    if (shrinking > 0) {
      var note = document.createElement("li");
      note.className = "list-group-item small text-secondary";
      note.textContent = pickers.dataset.shrinking;
      list.append(note);
    }
  }

  function show(messages) {
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
        keep([]);
      });
      item.append(label, remove);
      return item;
    });
    messages.forEach(function (message) {
      var warning = document.createElement("li");
      warning.className = "list-group-item list-group-item-warning small";
      warning.setAttribute("role", "alert");
      warning.textContent = message;
      items.push(warning);
    });
    list.replaceChildren(...items);
  }

  function keep(messages) {
    var transfer = new DataTransfer();
    files.forEach(function (file) {
      transfer.items.add(file);
    });
    gallery.files = transfer.files;
    camera.value = "";
    show(messages);
    setBusy();
    form.dispatchEvent(new CustomEvent("visit:photos-changed"));
  }

  function add(input) {
    var chosen = Array.from(input.files);
    camera.value = "";
    shrinking += 1;
    setBusy();
    Promise.all(
      chosen.map(function (file) {
        return shrink(file).then(
          function (small) {
            return { file: small };
          },
          function (error) {
            return { message: error.refused ? error.message : fill(pickers.dataset.notImage, { name: file.name }) };
          }
        );
      })
    ).then(function (results) {
      shrinking -= 1;
      var messages = [];
      results.forEach(function (result) {
        if (result.file) {
          files.push(result.file);
        } else {
          messages.push(result.message);
        }
      });
      if (files.length > maximum) {
        files = files.slice(0, maximum);
        messages.push(pickers.dataset.tooMany);
      }
      keep(messages);
    });
  }

  camera.addEventListener("change", function () {
    add(camera);
  });
  gallery.addEventListener("change", function () {
    // Setting the shrunk files fires no change event; a choice by the officer does.
    add(gallery);
  });
  form.addEventListener("submit", function (event) {
    if (shrinking > 0) {
      event.preventDefault();
    }
  });
  // A report taken back from the outbox brings its photos along.
  form.addEventListener("visit:set-photos", function (event) {
    files = event.detail.files.slice(0, maximum);
    keep([]);
  });
})();
