// The document view's keyboard and word panel. Word corrections are kept as hidden inputs of the
// save form until the reviewer saves; nothing here talks to the server by itself.
(function () {
  "use strict";
  const review = document.getElementById("review");
  if (!review) return;
  const words = Array.from(document.querySelectorAll("#restored .w"));
  const boxes = new Map();
  document.querySelectorAll(".scan .box").forEach((b) => boxes.set(b.dataset.key, b));
  const form = document.getElementById("save-form");
  const edits = document.getElementById("word-edits");
  const pending = document.getElementById("pending");
  const fix = document.getElementById("wp-fix");
  const panel = {
    empty: document.getElementById("wp-empty"), body: document.getElementById("wp-body"),
    orig: document.getElementById("wp-orig"), now: document.getElementById("wp-now"),
    conf: document.getElementById("wp-conf"), alts: document.getElementById("wp-alts"),
    error: document.getElementById("wp-error"),
  };
  let current = null;
  let dirty = false;
  let submitting = false;

  function alternatives(w) {
    try { return JSON.parse(w.dataset.alts || "[]"); } catch (e) { return []; }
  }

  function showPanel() {
    panel.empty.hidden = current !== null;
    panel.body.hidden = current === null;
    panel.error.hidden = true;
    if (!current) return;
    panel.orig.textContent = current.dataset.orig;
    panel.now.textContent = current.textContent;
    panel.conf.textContent = current.dataset.conf || "–";
    panel.alts.replaceChildren(...alternatives(current).map((text, i) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = `${i + 1} ${text}`;
      b.addEventListener("click", () => pick(i));
      li.append(b);
      return li;
    }));
    fix.value = current.textContent;
    showLine(current);
  }

  // The selected word's line: its strip of the scan (cut from the page image) above its text, the
  // word marked in both.
  function showLine(w) {
    const line = w.closest(".line");
    const text = document.getElementById("wp-line");
    if (text && line) {
      text.replaceChildren(...Array.from(line.childNodes).map((node) => {
        if (node === w) {
          const mark = document.createElement("mark");
          mark.textContent = w.textContent;
          return mark;
        }
        return document.createTextNode(node.textContent);
      }));
    }
    const strip = document.getElementById("wp-line-image");
    const canvas = document.getElementById("canvas");
    const image = document.getElementById("page-image");
    if (!strip || !canvas || !image || !line || !line.dataset.box) {
      if (strip) strip.hidden = true;
      return;
    }
    const W = Number(canvas.dataset.width), H = Number(canvas.dataset.height);
    const [l, t, bw, bh] = line.dataset.box.split(",").map(Number);
    const pad = 0.6;  // percent of the page around the line
    const left = Math.max(0, l - pad) / 100 * W, top = Math.max(0, t - pad) / 100 * H;
    const width = (bw + 2 * pad) / 100 * W, height = (bh + 2 * pad) / 100 * H;
    strip.hidden = false;
    const s = (strip.clientWidth || 300) / width;
    strip.style.height = `${Math.round(height * s)}px`;
    strip.style.backgroundImage = `url("${image.getAttribute("src")}")`;
    strip.style.backgroundSize = `${W * s}px ${H * s}px`;
    strip.style.backgroundPosition = `${-left * s}px ${-top * s}px`;
  }

  function select(w) {
    if (current) {
      current.classList.remove("selected");
      boxes.get(current.dataset.key)?.classList.remove("selected");
    }
    current = w;
    if (w) {
      w.classList.add("selected");
      w.scrollIntoView({ block: "nearest" });
      const box = boxes.get(w.dataset.key);
      if (box) {
        box.classList.add("selected");
        if (window.decreeViewer) window.decreeViewer.focusBox(box);
      }
    }
    showPanel();
  }

  function open(w) {
    return w.classList.contains("doubtful") && !w.classList.contains("edited");
  }

  function step(direction) {
    const start = current ? words.indexOf(current) : (direction > 0 ? -1 : words.length);
    for (let i = 1; i <= words.length; i++) {
      const w = words[(start + direction * i + words.length * 2) % words.length];
      if (open(w)) { select(w); return; }
    }
    panel.empty.hidden = false;
    panel.empty.textContent = panel.empty.dataset.noneLeft;
  }

  function hidden(name, value) {
    let input = edits.querySelector(`input[name="${CSS.escape(name)}"]`);
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      edits.append(input);
    }
    input.value = value;
  }

  function setWord(value) {
    if (!current) return false;
    value = value.trim();
    if (!value || /\s/.test(value)) {
      panel.error.textContent = panel.error.dataset.oneWord;
      panel.error.hidden = false;
      return false;
    }
    current.textContent = value;
    current.classList.add("edited");
    current.classList.toggle("changed", value !== current.dataset.before);
    boxes.get(current.dataset.key)?.classList.add("edited");
    hidden(`word:${current.dataset.key}`, value);
    hidden(`word_before:${current.dataset.key}`, current.dataset.before);
    dirty = true;
    countPending();
    return true;
  }

  function countPending() {
    const n = edits.querySelectorAll('input[name^="word:"]').length;
    pending.textContent = n ? pending.dataset.some.replace("%(n)s", n) : pending.dataset.none;
  }

  // Word edits the server sent back with a refused save: shown as made, still to be saved.
  edits.querySelectorAll('input[name^="word:"]').forEach((input) => {
    const key = input.name.slice(5);
    const w = words.find((x) => x.dataset.key === key);
    if (!w) return;
    w.textContent = input.value;
    w.classList.add("edited");
    w.classList.toggle("changed", input.value !== w.dataset.before);
    boxes.get(key)?.classList.add("edited");
    dirty = true;
  });
  if (dirty) countPending();

  function pick(index) {
    const alts = current ? alternatives(current) : [];
    if (index < alts.length && setWord(alts[index])) step(1);
  }

  function accept() {
    if (current && setWord(current.textContent)) step(1);
  }

  function toggleOriginal() {
    const original = document.getElementById("original");
    const restored = document.getElementById("restored");
    original.hidden = !original.hidden;
    restored.hidden = !original.hidden;
    document.getElementById("toggle-original").setAttribute("aria-pressed", String(!original.hidden));
  }

  function highlightSpans(field) {
    words.forEach((w) => w.classList.remove("source"));
    let spans = [];
    try { spans = JSON.parse(field.dataset.spans || "[]"); } catch (e) { spans = []; }
    let first = null;
    for (const [page, line, start, end] of spans) {
      for (const w of words) {
        if (+w.dataset.page === page && +w.dataset.line === line && +w.dataset.start < end && +w.dataset.end > start) {
          w.classList.add("source");
          first = first || w;
        }
      }
    }
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  words.forEach((w) => w.addEventListener("click", () => select(w)));
  boxes.forEach((box, key) => box.addEventListener("click", () => {
    const w = words.find((x) => x.dataset.key === key);
    if (w) select(w);
  }));
  document.getElementById("wp-apply").addEventListener("click", () => { if (setWord(fix.value)) step(1); });
  document.getElementById("wp-accept").addEventListener("click", accept);
  document.getElementById("toggle-original").addEventListener("click", toggleOriginal);
  document.querySelectorAll(".record .field").forEach((field) => {
    field.addEventListener("focusin", () => highlightSpans(field));
  });
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", () => { submitting = true; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !submitting) event.preventDefault();
  });

  fix.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      if (setWord(fix.value)) { fix.blur(); step(1); }
    } else if (event.key === "Escape") {
      fix.value = current ? current.textContent : "";
      fix.blur();
    }
  });

  // A link to a word (from the history) opens the page with that word selected.
  const asked = new URLSearchParams(window.location.search).get("word");
  if (asked) {
    const w = words.find((x) => x.dataset.key === asked);
    if (w) window.addEventListener("load", () => select(w));
  }

  document.addEventListener("keydown", (event) => {
    const key = event.key;
    if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("button, a") && (key === "Enter" || key === " ")) return;
    if (key === "n") step(1);
    else if (key === "p") step(-1);
    else if ((key === "Enter" || key === "a") && current) accept();
    else if (/^[1-5]$/.test(key) && current) pick(Number(key) - 1);
    else if (key === "e" && current) { fix.focus(); fix.select(); }
    else if (key === "o") toggleOriginal();
    else if (key === "s") { submitting = true; form.requestSubmit(); }
    else if ((key === "+" || key === "=") && window.decreeViewer) window.decreeViewer.zoomIn();
    else if (key === "-" && window.decreeViewer) window.decreeViewer.zoomOut();
    else if (key === "0" && window.decreeViewer) window.decreeViewer.fit();
    else if (key === "[" || key === "]") {
      const link = document.getElementById(key === "[" ? "prev-page" : "next-page");
      if (link) link.click();
    }
    else return;
    event.preventDefault();
  });
})();
