/* pingxuan portal: "增加一行" for the honour and negative-record lists. Without script the lists
   still work: each save offers one more empty row. */
(function () {
  "use strict";
  function setUp(formset) {
    var prefix = formset.getAttribute("data-formset");
    var total = formset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = formset.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var template = formset.querySelector("template");
    var body = formset.querySelector("tbody");
    var button = formset.querySelector(".formset-add");
    if (!total || !template || !body || !button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) { return; }
      body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
      var first = body.lastElementChild && body.lastElementChild.querySelector("select, input");
      if (first) { first.focus(); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset]").forEach(setUp);
  });
})();

/* The leader of an alternate is asked only when the kind is 备选. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var kind = document.getElementById("id_kind");
    var leader = document.getElementById("id_leader");
    if (!kind || !leader) { return; }
    var field = leader.closest(".field");
    function sync() { field.hidden = kind.value !== "备选"; }
    kind.addEventListener("change", sync);
    sync();
  });
})();
