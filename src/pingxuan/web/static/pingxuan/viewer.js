/* pingxuan evidence viewer: the scans of a review page in one window beside the nominee's data.

   Markup: links a.evidence-thumb (href = the full image, data-caption) inside an element with
   [data-evidence]; that element's [data-evidence-facts] child is shown beside the image.
   Clicking a thumbnail opens the viewer; 上一张 / 下一张 (← →) page through every scan of the
   page in order, across nominees; 放大 / 缩小 / 适应 (+ − 0) zoom; Esc closes. Without script the
   thumbnails are plain links that open the image. */
(function () {
  "use strict";
  var thumbs = [];
  var dialog, image, caption, counter, facts, stage, zoom = 0, current = 0;

  function button(label, key, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button button-small";
    b.textContent = label;
    if (key) { b.setAttribute("aria-keyshortcuts", key); }
    b.addEventListener("click", action);
    return b;
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "viewer";
    dialog.setAttribute("aria-label", "材料查看");
    var bar = document.createElement("div");
    bar.className = "viewer-bar";
    caption = document.createElement("strong");
    caption.className = "viewer-caption";
    counter = document.createElement("span");
    counter.className = "viewer-counter";
    var tools = document.createElement("span");
    tools.className = "viewer-tools";
    tools.append(
      button("上一张", "ArrowLeft", function () { show(current - 1); }),
      button("下一张", "ArrowRight", function () { show(current + 1); }),
      button("放大", "+", function () { setZoom(zoom + 1); }),
      button("缩小", "-", function () { setZoom(zoom - 1); }),
      button("适应窗口", "0", function () { setZoom(0); }),
      button("关闭", "Escape", function () { dialog.close(); })
    );
    bar.append(caption, counter, tools);
    stage = document.createElement("div");
    stage.className = "viewer-stage";
    image = document.createElement("img");
    image.alt = "";
    image.addEventListener("click", function () { setZoom(zoom === 0 ? 2 : 0); });
    stage.append(image);
    facts = document.createElement("aside");
    facts.className = "viewer-facts";
    var body = document.createElement("div");
    body.className = "viewer-body";
    body.append(stage, facts);
    dialog.append(bar, body);
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
      else if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
      else if (event.key === "+" || event.key === "=") { setZoom(zoom + 1); }
      else if (event.key === "-") { setZoom(zoom - 1); }
      else if (event.key === "0") { setZoom(0); }
    });
    document.body.append(dialog);
  }

  function setZoom(level) {
    zoom = Math.max(0, Math.min(4, level));
    stage.classList.toggle("viewer-zoomed", zoom > 0);
    image.style.width = zoom === 0 ? "" : (100 + 50 * zoom) + "%";
  }

  function show(index) {
    if (!thumbs.length) { return; }
    current = (index + thumbs.length) % thumbs.length;
    var link = thumbs[current];
    image.src = link.href;
    image.alt = link.getAttribute("data-caption") || "";
    caption.textContent = link.getAttribute("data-caption") || "";
    counter.textContent = (current + 1) + " / " + thumbs.length;
    var holder = link.closest("[data-evidence]");
    var source = holder && holder.querySelector("[data-evidence-facts]");
    facts.replaceChildren();
    if (source) { facts.append(source.cloneNode(true)); }
    setZoom(0);
    stage.scrollTop = 0;
  }

  document.addEventListener("DOMContentLoaded", function () {
    thumbs = Array.prototype.slice.call(document.querySelectorAll("a.evidence-thumb"));
    if (!thumbs.length || typeof HTMLDialogElement === "undefined") { return; }
    build();
    thumbs.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
        event.preventDefault();
        show(index);
        if (!dialog.open) { dialog.showModal(); }
      });
    });
  });
})();
