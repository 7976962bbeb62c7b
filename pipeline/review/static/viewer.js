// A small zoom-and-pan viewer for the page image (no library, no CDN): the image and its word boxes
// sit in one element moved and scaled with a CSS transform. Wheel or +/- zooms around the pointer,
// dragging pans, 0 fits the page's width. review.js calls decreeViewer.focusBox(box) to bring the
// selected word's box into view at a zoom where its letters (and their diacritics) are legible.
(function () {
  "use strict";
  const viewport = document.getElementById("viewport");
  const canvas = document.getElementById("canvas");
  if (!viewport || !canvas) return;
  const W = Number(canvas.dataset.width) || 1000;
  const H = Number(canvas.dataset.height) || 1400;
  const level = document.getElementById("zoom-level");
  const MAX = 8;
  let scale = 1, x = 0, y = 0, fitScale = 1;

  canvas.style.width = `${W}px`;
  canvas.style.height = `${H}px`;

  function apply() {
    canvas.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
    viewport.dataset.scale = scale.toFixed(4);
    if (level) level.textContent = `${Math.round(scale * 100)}%`;
  }

  function clamp(s) { return Math.min(MAX, Math.max(fitScale / 2, s)); }

  function fit() {
    fitScale = Math.max(0.05, viewport.clientWidth / W);
    scale = fitScale;
    x = 0;
    y = 0;
    apply();
  }

  function zoomAt(factor, cx, cy) {
    const next = clamp(scale * factor);
    x = cx - (cx - x) * next / scale;
    y = cy - (cy - y) * next / scale;
    scale = next;
    apply();
  }

  function center() { return [viewport.clientWidth / 2, viewport.clientHeight / 2]; }

  function focusBox(box) {
    if (!box) return;
    const left = parseFloat(box.style.left) / 100 * W, top = parseFloat(box.style.top) / 100 * H;
    const width = parseFloat(box.style.width) / 100 * W, height = parseFloat(box.style.height) / 100 * H;
    // Close enough to read the word: its height about 48 px on screen, never less than now.
    scale = clamp(Math.max(scale, Math.min(MAX, 48 / Math.max(height, 1))));
    x = viewport.clientWidth / 2 - (left + width / 2) * scale;
    y = viewport.clientHeight / 2 - (top + height / 2) * scale;
    apply();
  }

  viewport.addEventListener("wheel", (event) => {
    event.preventDefault();
    const rect = viewport.getBoundingClientRect();
    zoomAt(event.deltaY < 0 ? 1.2 : 1 / 1.2, event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });

  let drag = null;
  viewport.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || event.target.classList.contains("box")) return;
    drag = { px: event.clientX, py: event.clientY, x, y, moved: false };
    viewport.setPointerCapture(event.pointerId);
    viewport.classList.add("dragging");
  });
  viewport.addEventListener("pointermove", (event) => {
    if (!drag) return;
    x = drag.x + event.clientX - drag.px;
    y = drag.y + event.clientY - drag.py;
    drag.moved = true;
    apply();
  });
  const stop = () => { drag = null; viewport.classList.remove("dragging"); };
  viewport.addEventListener("pointerup", stop);
  viewport.addEventListener("pointercancel", stop);

  const on = (id, fn) => document.getElementById(id)?.addEventListener("click", fn);
  on("zoom-in", () => zoomAt(1.25, ...center()));
  on("zoom-out", () => zoomAt(1 / 1.25, ...center()));
  on("zoom-fit", fit);
  on("zoom-actual", () => { const [cx, cy] = center(); zoomAt(1 / scale, cx, cy); });

  window.decreeViewer = {
    focusBox,
    fit,
    zoomIn: () => zoomAt(1.25, ...center()),
    zoomOut: () => zoomAt(1 / 1.25, ...center()),
    get scale() { return scale; },
    get fitScale() { return fitScale; },
  };
  fit();
  window.addEventListener("resize", () => { const keep = scale / fitScale; fit(); zoomAt(keep, 0, 0); });
})();
