// The visit form's moving parts: the early-warning note, aspiration rows
// added and removed without a reload, and "Masih terbuka di sini".
(function () {
  "use strict";
  var form = document.getElementById("visit-form");
  if (!form) {
    return;
  }

  // A form sent back with errors: screen readers start at what went wrong.
  var errors = document.getElementById("form-errors");
  if (errors) {
    errors.focus();
  }

  function changed(element) {
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  var flag = form.elements.early_warning;
  var warningNote = document.getElementById("early-warning-note");
  function syncWarning() {
    warningNote.hidden = !flag.checked;
  }
  flag.addEventListener("change", syncWarning);
  syncWarning();

  // Aspiration rows: a new row is a copy of the formset's empty form. A
  // removed row is only marked for deletion, so "Urungkan" brings it back
  // and a failed submit shows it as it was.
  var rows = document.getElementById("aspiration-rows");
  var template = document.getElementById("aspiration-template");
  var total = form.elements["aspirations-TOTAL_FORMS"];
  var maximum = parseInt(form.elements["aspirations-MAX_NUM_FORMS"].value, 10);
  var addButton = document.getElementById("add-aspiration");

  function setUpRow(row) {
    var anonymous = row.querySelector("[data-anonymous] input");
    var identity = row.querySelector("[data-identity]");
    function syncAnonymous() {
      identity.querySelectorAll("input").forEach(function (input) {
        if (anonymous.checked) {
          input.value = "";
        }
        input.disabled = anonymous.checked;
      });
      identity.hidden = anonymous.checked;
    }
    anonymous.addEventListener("change", syncAnonymous);
    syncAnonymous();

    var remove = row.querySelector("[data-remove]");
    var deleted = row.querySelector("[data-delete] input");
    var fields = row.querySelector(".card-body");
    var removed = row.querySelector("[data-removed]");
    var undo = removed.querySelector("[data-undo]");
    function syncDeleted() {
      fields.hidden = deleted.checked;
      removed.hidden = !deleted.checked;
    }
    row.querySelector("[data-delete]").hidden = true;
    remove.hidden = false;
    remove.addEventListener("click", function () {
      deleted.checked = true;
      changed(deleted);
      undo.focus();
    });
    undo.addEventListener("click", function () {
      deleted.checked = false;
      changed(deleted);
      remove.focus();
    });
    deleted.addEventListener("change", syncDeleted);
    syncDeleted();
  }

  function addRow() {
    var index = parseInt(total.value, 10);
    if (index >= maximum) {
      addButton.disabled = true;
      addButton.textContent = addButton.dataset.full;
      return null;
    }
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    var row = rows.lastElementChild;
    row.querySelector("[data-row-number]").textContent = index + 1;
    total.value = index + 1;
    setUpRow(row);
    changed(total);
    return row;
  }

  rows.querySelectorAll("[data-aspiration-row]").forEach(setUpRow);
  addButton.hidden = false;
  addButton.addEventListener("click", function () {
    var row = addRow();
    if (row) {
      row.scrollIntoView({ block: "start" });
      row.querySelector("select").focus({ preventScroll: true });
    }
  });
  // The draft script rebuilds rows this way, without moving the page.
  form.addEventListener("visit:add-aspiration", addRow);

  var open = document.getElementById("open-aspirations");
  if (!open) {
    return;
  }
  var pending = null;
  function note(text) {
    var paragraph = document.createElement("p");
    paragraph.className = "small text-secondary mb-0";
    paragraph.textContent = text;
    open.replaceChildren(paragraph);
  }
  function load(sectorId) {
    if (pending) {
      pending.abort();
    }
    open.hidden = !sectorId;
    if (!sectorId) {
      open.replaceChildren();
      return;
    }
    pending = new AbortController();
    note(open.dataset.loading);
    fetch(open.dataset.url.replace("/0/", "/" + encodeURIComponent(sectorId) + "/"), {
      signal: pending.signal,
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        open.innerHTML = html;
        open.dispatchEvent(new CustomEvent("visit:open-aspirations-loaded", { bubbles: true }));
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          note(open.dataset.failed);
        }
      });
  }
  form.elements.sector.addEventListener("change", function () {
    load(form.elements.sector.value);
  });
})();
