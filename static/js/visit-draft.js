// What the officer typed stays on the phone until the server has the
// report: a lost signal, a failed submit or a closed tab loses nothing.
// The draft keeps the form's client_uuid too, so sending a restored draft
// whose first sending did reach the server finds that visit instead of
// filing it twice. Chosen photos cannot be kept (browsers do not allow it).
(function () {
  "use strict";
  var PREFIX = "patroli-dialogis:draft:";
  var storage;
  try {
    storage = window.localStorage;
  } catch (error) {
    return;
  }
  if (!storage) {
    return;
  }

  function read(key) {
    try {
      return JSON.parse(storage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  // The page of a saved visit: the draft it was filed from is done with.
  var filed = document.querySelector("[data-filed-uuid]");
  if (filed) {
    Object.keys(storage)
      .filter(function (key) {
        var draft = key.indexOf(PREFIX) === 0 && read(key);
        return draft && draft.uuid === filed.dataset.filedUuid;
      })
      .forEach(function (key) {
        storage.removeItem(key);
      });
    return;
  }

  var form = document.querySelector("form[data-draft-key]");
  if (!form) {
    return;
  }
  var key = form.dataset.draftKey;
  var discarded = false;

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
    if (discarded) {
      return;
    }
    try {
      storage.setItem(key, JSON.stringify({ uuid: form.elements.client_uuid.value, values: collect() }));
    } catch (error) {
      // A full storage must not stop the officer from sending.
    }
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
    banner.hidden = false;
    document.getElementById("draft-discard").addEventListener("click", function () {
      discarded = true;
      storage.removeItem(key);
      window.location.replace(window.location.pathname);
    });
  }

  var draft = read(key);
  if (form.dataset.draftRestore === "true" && draft && draft.values) {
    restore(draft);
  } else if (form.dataset.draftRestore !== "true") {
    // A form the server sent back with errors is newer than any draft.
    save();
  }

  var timer = null;
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 300);
  });
  form.addEventListener("change", save);
  // Typing cut short by a reload, a locked screen or a switch to another app.
  window.addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save();
    }
  });
  form.addEventListener("submit", function (event) {
    save();
    var offline = navigator.onLine === false;
    document.getElementById("offline-notice").hidden = !offline;
    if (offline) {
      event.preventDefault();
    }
  });
})();
