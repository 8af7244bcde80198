// What the officer typed stays on the phone until the report is sent or
// queued: a lost signal, a failed submit or a closed tab loses nothing.
// Drafts are kept per officer and patrol, end with his session and expire
// (offline.js). The draft keeps the form's client_uuid too, so sending a
// restored draft whose first sending did reach the server finds that visit
// instead of filing it twice. Chosen photos cannot be kept in a draft
// (browsers do not allow it), except those of a report taken back from the
// outbox, which keeps them.
(function () {
  "use strict";
  var offline = window.PatroliOffline;
  if (!offline) {
    return;
  }
  var drafts = offline.drafts;

  function newUuid() {
    if (window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.from(bytes, function (byte) {
      return byte.toString(16).padStart(2, "0");
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // The page of a saved visit: the draft it was filed from is done with.
  var filed = document.querySelector("[data-filed-uuid]");
  if (filed) {
    drafts.keys().forEach(function (key) {
      var draft = drafts.read(key);
      if (draft && draft.uuid === filed.dataset.filedUuid) {
        drafts.remove(key);
      }
    });
    return;
  }

  var form = document.querySelector("form[data-draft-patrol]");
  if (!form || !offline.userId) {
    return;
  }
  var key = drafts.key(form.dataset.draftPatrol);
  // A patrol under way takes visits of now; an ended one suggests its end.
  var underWay = form.dataset.patrolUnderWay === "true";
  // A form opened from the service worker's copy comes without a uuid:
  // each report filed from it is a new one, made now.
  if (!form.elements.client_uuid.value) {
    form.elements.client_uuid.value = newUuid();
    if (underWay) {
      form.elements.visited_at.value = offline.localMinute(new Date());
    }
  }
  var gallery = document.getElementById("photo-gallery");
  var discarded = false;
  // Opening the form is not typing in it: an untouched form leaves no draft.
  var touched = false;
  // The server's messages stay with a refused report until it is sent again.
  var errors = [];

  function saved(element) {
    return (
      element.name &&
      element.name !== "csrfmiddlewaretoken" &&
      ["file", "submit", "button"].indexOf(element.type) < 0 &&
      !element.hasAttribute("data-draft-skip")
    );
  }

  function collect() {
    var values = {};
    Array.from(form.elements)
      .filter(saved)
      .forEach(function (element) {
        var isChoice = element.type === "checkbox" || element.type === "radio";
        if (isChoice && !element.checked) {
          return;
        }
        (values[element.name] = values[element.name] || []).push(element.value);
      });
    return values;
  }

  function save() {
    if (discarded || !touched) {
      return;
    }
    drafts.write(key, {
      uuid: form.elements.client_uuid.value,
      errors: errors,
      values: collect(),
      photos: Array.from(gallery ? gallery.files : []).map(function (file) {
        return file.name;
      }),
    });
  }

  function apply(container, values) {
    container.querySelectorAll("input, select, textarea").forEach(function (element) {
      if (!saved(element)) {
        return;
      }
      var wanted = values[element.name] || [];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = wanted.indexOf(element.value) >= 0;
      } else if (element.name in values) {
        element.value = wanted[0];
      } else {
        return;
      }
      element.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function line(parent, text, className) {
    var paragraph = document.createElement("p");
    paragraph.className = className || "mb-2";
    paragraph.textContent = text;
    parent.append(paragraph);
    return paragraph;
  }

  // The visit is being reported now: a time left from when the form was
  // first opened would be wrong more often than not. The officer may keep it.
  // (After the patrol's end, "now" would be refused: the draft's time stays.)
  function visitTimeNow(values, notes) {
    var field = form.elements.visited_at;
    var before = (values.visited_at || [""])[0];
    var now = offline.localMinute(new Date());
    if (!underWay) {
      return;
    }
    field.value = now;
    if (!before || before === now) {
      return;
    }
    var note = line(notes, offline.fill(form.dataset.timeNow, { now: now.replace("T", " "), before: before.replace("T", " ") }));
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "btn btn-outline-secondary ms-1";
    keep.id = "draft-keep-time";
    keep.textContent = form.dataset.timeKeep;
    keep.addEventListener("click", function () {
      field.value = before;
      keep.remove();
      save();
    });
    note.append(keep);
  }

  function gpsLine(values) {
    var box = document.getElementById("location");
    var status = document.getElementById("location-status");
    if (box && status && (values.latitude || [""])[0]) {
      status.textContent = offline.fill(box.dataset.found, { m: (values.accuracy_m || ["?"])[0] || "?" });
    }
  }

  // Photos of a report taken back from the outbox are still on the phone.
  function photosBack(draft, notes) {
    var outbox = window.PatroliOutbox;
    var missing = function () {
      if (draft.photos && draft.photos.length) {
        line(notes, offline.fill(form.dataset.photosAgain, { names: draft.photos.join(", ") }), "mb-2 fw-semibold");
      }
    };
    if (!outbox) {
      missing();
      return;
    }
    outbox.get(offline.userId, draft.uuid).then(function (record) {
      if (!record || record.state !== outbox.DRAFT || !record.photos || !record.photos.length) {
        missing();
        return;
      }
      form.dispatchEvent(
        new CustomEvent("visit:set-photos", {
          detail: {
            files: record.photos.map(function (photo) {
              return new File([photo.blob], photo.name, { type: photo.blob.type || "image/jpeg" });
            }),
          },
        })
      );
    }, missing);
  }

  function restore(draft) {
    var values = draft.values;
    var rows = parseInt((values["aspirations-TOTAL_FORMS"] || ["0"])[0], 10);
    var total = form.elements["aspirations-TOTAL_FORMS"];
    while (parseInt(total.value, 10) < rows) {
      var before = total.value;
      form.dispatchEvent(new CustomEvent("visit:add-aspiration"));
      if (total.value === before) {
        break;
      }
    }
    apply(form, values);
    document.addEventListener("visit:open-aspirations-loaded", function (event) {
      apply(event.target, values);
    });
    var banner = document.getElementById("draft-restored");
    var notes = document.getElementById("draft-notes");
    errors = draft.errors || [];
    if (errors.length) {
      var list = document.createElement("ul");
      list.className = "mb-2 fw-semibold";
      list.id = "draft-errors";
      errors.forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.append(item);
      });
      line(notes, form.dataset.refused, "mb-1 fw-semibold");
      notes.append(list);
    }
    visitTimeNow(values, notes);
    gpsLine(values);
    photosBack(draft, notes);
    banner.hidden = false;
    document.getElementById("draft-discard").addEventListener("click", function () {
      discarded = true;
      drafts.remove(key);
      var done = function () {
        window.location.replace(window.location.pathname);
      };
      var outbox = window.PatroliOutbox;
      if (!outbox) {
        done();
        return;
      }
      // A report taken back from the outbox goes with its draft; a queued one stays.
      outbox.get(offline.userId, draft.uuid).then(function (record) {
        return record && record.state === outbox.DRAFT ? outbox.remove(offline.userId, draft.uuid) : null;
      }).then(done, done);
    });
  }

  var draft = drafts.read(key);
  if (form.dataset.draftRestore === "true" && draft && draft.values) {
    touched = true;
    restore(draft);
    save();
  } else if (form.dataset.draftRestore !== "true") {
    // A form the server sent back with errors is newer than any draft.
    touched = true;
    save();
  }

  var timer = null;
  function typed(event) {
    if (event.isTrusted) {
      touched = true;
    }
  }
  form.addEventListener("input", function (event) {
    typed(event);
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 300);
  });
  form.addEventListener("change", function (event) {
    typed(event);
    save();
  });
  form.addEventListener("visit:photos-changed", save);
  // Typing cut short by a reload, a locked screen or a switch to another app.
  window.addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save();
    }
  });
  // Queued in the outbox, the report is no longer a draft to edit.
  form.addEventListener("visit:queued", function () {
    discarded = true;
    drafts.remove(key);
  });
  form.addEventListener("submit", function (event) {
    save();
    if (window.PatroliOutbox) {
      return;
    }
    // Without an outbox, the draft is all there is.
    var offlineNow = navigator.onLine === false;
    document.getElementById("offline-notice").hidden = !offlineNow;
    if (offlineNow) {
      event.preventDefault();
    }
  });
})();
