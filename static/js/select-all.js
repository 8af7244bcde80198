// A header checkbox that ticks every row checkbox of the same name.
document.querySelectorAll("[data-select-all]").forEach(function (master) {
  var name = master.getAttribute("data-select-all");
  master.addEventListener("change", function () {
    document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
      box.checked = master.checked;
    });
  });
});
