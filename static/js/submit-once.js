// A form marked data-submit-once is sent by the first tap only; its button
// says it is sending. Load this script after any other submit handler, so a
// submit another script stopped (no signal, say) leaves the button usable.
(function () {
  "use strict";

  function setBusy(form, busy) {
    form.dataset.sending = busy ? "1" : "";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      if (busy) {
        button.dataset.label = button.textContent;
        if (button.dataset.busyText) {
          button.textContent = button.dataset.busyText;
        }
      } else if (button.dataset.label) {
        button.textContent = button.dataset.label;
      }
      button.disabled = busy;
    });
  }

  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) {
        return;
      }
      if (form.dataset.sending === "1") {
        event.preventDefault();
        return;
      }
      if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        return;
      }
      setBusy(form, true);
    });
  });

  // The Back button may bring back the page as it was left: sending.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
        setBusy(form, false);
      });
    }
  });
})();
