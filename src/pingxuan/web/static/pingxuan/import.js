/* pingxuan import: once the workbook is sent, ask for the reading's progress every second until
   the answer page arrives (the form is a normal post; without script it simply waits). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-progress]").forEach(function (form) {
      var progress = document.getElementById(form.getAttribute("data-progress"));
      if (!progress) { return; }
      form.addEventListener("submit", function () {
        window.setInterval(function () {
          if (window.htmx) { window.htmx.trigger(progress, "poll-progress"); }
        }, 1000);
      });
    });
  });
})();
