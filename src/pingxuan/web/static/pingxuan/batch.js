/* pingxuan batch upload: drop a folder's images (or a zip) on the box, see how many, and watch
   the upload's progress. Without script the form still posts and the result page follows. */
(function () {
  "use strict";
  function setUp(form) {
    var input = form.querySelector('input[type="file"]');
    var zone = form.querySelector(".drop-zone");
    var chosen = form.querySelector(".batch-chosen");
    var bar = form.querySelector(".batch-progress");
    var max = parseInt(form.getAttribute("data-max-files"), 10) || 100;
    function describe() {
      var files = input.files, bytes = 0;
      for (var i = 0; i < files.length; i += 1) { bytes += files[i].size; }
      chosen.textContent = files.length ? "已选择 " + files.length + " 个文件，共 " +
        (bytes / 1048576).toFixed(1) + " MB" + (files.length > max ? "；超过 " + max +
        " 个，请打成 zip 压缩包或分批上传" : "") : "";
    }
    input.addEventListener("change", describe);
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("is-over");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        describe();
      }
    });
    form.addEventListener("submit", function (event) {
      if (!input.files.length || input.files.length > max || typeof XMLHttpRequest === "undefined") {
        if (input.files.length > max) { event.preventDefault(); describe(); }
        return;
      }
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      bar.hidden = false;
      request.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable) {
          bar.value = Math.round(100 * progress.loaded / progress.total);
          chosen.textContent = "正在上传… " + bar.value + "%";
        }
      });
      request.addEventListener("load", function () {
        chosen.textContent = "正在核对和保存…";
        window.location.assign(request.responseURL || form.action);
      });
      request.addEventListener("error", function () {
        bar.hidden = true;
        chosen.textContent = "上传中断，请检查网络后重试；已保存的文件不必重传。";
      });
      form.querySelector('button[type="submit"]').disabled = true;
      request.send(new FormData(form));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-batch]").forEach(setUp);
  });
})();
