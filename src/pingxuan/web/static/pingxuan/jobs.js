/* pingxuan jobs: while a background job runs, ask its status every second and show the step and
   the progress; once the worker is done with it, load the page again to show the result. Without
   script the page has a 刷新 link. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("job-status");
    if (!box || box.getAttribute("data-active") !== "true") { return; }
    var url = box.getAttribute("data-status-url");
    var label = box.querySelector("[data-job-label]");
    var step = box.querySelector("[data-job-step]");
    var bar = box.querySelector("[data-job-progress]");
    var delay = 1000;

    function show(status) {
      if (label) { label.textContent = status.label; }
      if (step) { step.textContent = status.step; }
      if (bar && status.total > 0) {
        bar.max = status.total;
        bar.value = status.done;
      }
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (status) {
          show(status);
          if (status.active) {
            delay = 1000;
            window.setTimeout(poll, delay);
          } else {
            window.location.reload();
          }
        })
        .catch(function () {
          // The server restarting, a dropped connection: try again, less often.
          delay = Math.min(delay * 2, 15000);
          window.setTimeout(poll, delay);
        });
    }

    window.setTimeout(poll, delay);
  });
})();
