// "Kirim laporan" puts the report in the outbox first, photos included, and
// then tries to send it. Confirmed, the officer sees the saved visit; with no
// signal or no answer, it waits in the outbox and goes by itself later.
// Load after visit-photos.js and visit-draft.js, before submit-once.js.
(function () {
  "use strict";
  var offline = window.PatroliOffline;
  var outbox = window.PatroliOutbox;
  var form = document.querySelector("form[data-draft-patrol]");
  if (!form || !offline || !outbox || !offline.userId) {
    return;
  }
  var userId = offline.userId;
  var gallery = document.getElementById("photo-gallery");
  var button = form.querySelector("button[type=submit]");
  var busy = false;

  function setBusy(value) {
    busy = value;
    button.disabled = value;
    if (value) {
      button.dataset.label = button.textContent;
      button.textContent = button.dataset.busyText;
    } else if (button.dataset.label) {
      button.textContent = button.dataset.label;
    }
  }

  function record() {
    var now = new Date();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && !(value instanceof Blob)) {
        fields.push([name, value]);
      }
    });
    var sector = form.elements.sector;
    var place = sector.selectedIndex > 0 ? sector.options[sector.selectedIndex].text : "–";
    var at = form.elements.visited_at.value;
    return {
      uuid: form.elements.client_uuid.value,
      kind: "visit",
      patrolId: form.dataset.draftPatrol,
      url: window.location.pathname,
      formUrl: window.location.pathname,
      fields: fields,
      photos: Array.from(gallery ? gallery.files : []).map(function (file) {
        return { name: file.name, blob: file };
      }),
      label: place + (at ? " · " + at.replace("T", " ") : ""),
      createdAt: now.getTime(),
      recordedAt: offline.isoWithOffset(now),
      state: outbox.WAITING,
    };
  }

  function settle(report, outcome) {
    var result = outcome.results[report.uuid];
    if (!result || result.status === "offline" || result.status === "unconfirmed") {
      // Not sent now: the browser may send it in the background later.
      offline.sync();
    }
    if (result && (result.status === "created" || result.status === "duplicate")) {
      offline.notice(result.status === "created" ? form.dataset.saved : form.dataset.duplicate);
      window.location.assign(result.url);
      return;
    }
    if (result && result.status === "invalid") {
      // Sent now, the form itself shows the server's messages field by field.
      outbox.remove(userId, report.uuid).then(function () {
        HTMLFormElement.prototype.submit.call(form);
      });
      return;
    }
    var text = outcome.stopped === "login" ? form.dataset.queuedLogin : form.dataset.queued;
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      // The worker keeps the outbox page: it opens with no signal too.
      offline.notice(text);
      window.location.assign(document.body.dataset.outboxUrl);
      return;
    }
    var notice = document.getElementById("offline-notice");
    notice.textContent = text;
    notice.hidden = false;
    setBusy(false);
  }

  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) {
      return;
    }
    event.preventDefault();
    if (busy) {
      return;
    }
    setBusy(true);
    var report = record();
    outbox
      .put(userId, report)
      .then(function () {
        form.dispatchEvent(new CustomEvent("visit:queued"));
        if (navigator.onLine === false) {
          return { stopped: "offline", results: {} };
        }
        // A sending already under way may have started before this report.
        return offline.send().then(function (outcome) {
          return outcome.results[report.uuid] || outcome.stopped ? outcome : offline.send();
        });
      })
      .then(function (outcome) {
        settle(report, outcome);
      })
      .catch(function () {
        // The outbox cannot be written (storage full, private mode): send
        // the form as it was sent before there was an outbox.
        HTMLFormElement.prototype.submit.call(form);
      });
  });
})();
