/* A filter panel marked data-fold-on-phone (a <details>, open in the page) folds away on a
 * phone, below Bootstrap's lg breakpoint, so that the list comes first; one showing an error
 * stays open. Without this script the panel simply stays open. */
(function () {
  "use strict";

  if (!window.matchMedia("(max-width: 991.98px)").matches) {
    return;
  }
  document.querySelectorAll("details[data-fold-on-phone]").forEach(function (panel) {
    if (!panel.querySelector(".is-invalid, .invalid-feedback")) {
      panel.open = false;
    }
  });
})();
