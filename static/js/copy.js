// Copy the edited draft to the clipboard, and print what was edited rather
// than the draft as first generated.
(function () {
  var status = document.querySelector("[data-copy-status]");

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy-target"));
      var done = function () {
        if (status) {
          status.textContent = button.getAttribute("data-copied-text");
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done);
      } else {
        source.select();
        document.execCommand("copy");
        done();
      }
    });
  });

  document.querySelectorAll("[data-print-source]").forEach(function (source) {
    var target = document.getElementById(source.getAttribute("data-print-source"));
    source.addEventListener("input", function () {
      target.textContent = source.value;
    });
  });
})();
