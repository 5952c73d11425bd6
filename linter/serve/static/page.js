// copydesk review page. Plain JavaScript, no build step, no external assets.
// Draft text is only ever put into the page as text (textContent, text nodes),
// never as HTML; the server's Content-Security-Policy backs this up.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const PHONE = window.matchMedia("(max-width: 48rem)"); // the layout's one-column width
  const RANK = { error: 3, warning: 2, suggestion: 1, note: 0 };
  const MIME = {
    markdown: "text/markdown",
    text: "text/plain",
    html: "text/html",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  };
  const state = {
    path: "draft.md",
    format: "markdown",
    text: "",
    file: null, // base64 of the uploaded (then revised) file, or null for pasted text
    report: null,
    skip: [], // dismissed findings: {rule, offset, end_offset}, moved by the server as text changes
    groups: [],
    current: -1,
  };

  // --- talking to the server -------------------------------------------------------

  async function call(endpoint, body) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(text.replace(/^Error: /, ""));
    return JSON.parse(text);
  }

  function draftBody() {
    const body = { path: state.path, format: state.format };
    if (state.file !== null) body.file = state.file;
    else body.text = state.text;
    return body;
  }

  function setStatus(message, isError = false) {
    const status = $("status");
    status.textContent = message;
    status.classList.toggle("error", isError);
  }

  async function busy(label, work) {
    const buttons = document.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    setStatus(label);
    try {
      await work();
    } catch (err) {
      setStatus(String(err.message || err), true);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      updateButtons();
    }
  }

  // --- offsets: the server counts code points, JavaScript strings count UTF-16 units ---

  function unitsOf(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => Math.min(i, text.length);
    const map = [];
    let unit = 0;
    for (const ch of text) {
      map.push(unit);
      unit += ch.length;
    }
    map.push(unit);
    return (i) => map[Math.min(i, map.length - 1)];
  }

  // --- findings ---------------------------------------------------------------------

  const sameSpan = (a, b) => a.rule === b.rule && a.offset === b.offset && a.end_offset === b.end_offset;
  const dismissed = (f) => state.skip.some((s) => sameSpan(s, f));

  function visibleFindings() {
    const file = state.report && state.report.files[0];
    return file ? file.findings.filter((f) => !dismissed(f)) : [];
  }

  // Overlapping findings share one highlight, so every character is marked once.
  function groupFindings(findings) {
    const groups = [];
    const sorted = [...findings].sort((a, b) => a.offset - b.offset || b.end_offset - a.end_offset);
    for (const f of sorted) {
      const end = Math.max(f.end_offset, f.offset + 1);
      const last = groups[groups.length - 1];
      if (last && f.offset < last.end) {
        last.end = Math.max(last.end, end);
        last.findings.push(f);
      } else {
        groups.push({ start: f.offset, end, findings: [f] });
      }
    }
    return groups;
  }

  function kindOf(group) {
    const outside = group.findings.filter((f) => !f.in_quote);
    if (!outside.length) return "in-quote";
    const top = outside.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a));
    return "sev-" + top.severity;
  }

  function describe(f) {
    return f.in_quote ? f.severity + " in a quote" : f.severity;
  }

  function render() {
    const doc = $("doc");
    const text = state.text;
    const units = unitsOf(text);
    state.groups = groupFindings(visibleFindings());
    const parts = [];
    let cursor = 0;
    state.groups.forEach((group, index) => {
      const start = units(group.start);
      const end = Math.max(start, units(group.end));
      if (start > cursor) parts.push(document.createTextNode(text.slice(cursor, start)));
      const mark = document.createElement("mark");
      mark.className = "hl " + kindOf(group);
      mark.tabIndex = 0;
      mark.setAttribute("role", "button");
      mark.dataset.index = String(index);
      mark.textContent = text.slice(start, end);
      const kinds = group.findings.map(describe).join(", ");
      mark.setAttribute("aria-label", `${mark.textContent}: ${kinds}`);
      parts.push(mark);
      cursor = end;
    });
    if (cursor < text.length) parts.push(document.createTextNode(text.slice(cursor)));
    doc.replaceChildren(...parts);
    state.current = -1;
    $("detail-body").replaceChildren();
    summarise();
    updateButtons();
  }

  function summarise() {
    const report = state.report;
    if (report.errors.length) {
      setStatus(report.errors.map((e) => e.message).join("; "), true);
      return;
    }
    const findings = visibleFindings();
    const counts = {};
    for (const f of findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
    const quoted = findings.filter((f) => f.in_quote).length;
    const safe = findings.filter((f) => f.fixable).length;
    const words = Object.keys(RANK)
      .filter((s) => counts[s])
      .map((s) => `${counts[s]} ${s}${counts[s] > 1 ? "s" : ""}`);
    let message = findings.length
      ? `${findings.length} finding${findings.length > 1 ? "s" : ""}: ${words.join(", ")}`
      : "No findings";
    if (quoted) message += ` (${quoted} in quotes)`;
    message += `. ${safe} safe fix${safe === 1 ? "" : "es"} available.`;
    setStatus(message);
    const hidden = state.skip.length;
    $("dismissed-note").textContent = hidden ? `${hidden} finding${hidden > 1 ? "s" : ""} dismissed.` : "";
  }

  function updateButtons() {
    const ready = state.report !== null;
    const findings = ready ? visibleFindings() : [];
    $("fix-all").disabled = !findings.some((f) => f.fixable);
    $("prev").disabled = $("next").disabled = !state.groups.length;
    $("download").disabled = !ready;
  }

  // --- the detail panel -------------------------------------------------------------

  function element(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  function sourceItem(source) {
    const label = `${source.organisation}: ${source.title} (${source.year})`;
    if (/^https?:\/\//i.test(source.url)) {
      const link = element("a", { href: source.url, rel: "noopener noreferrer", target: "_blank", text: label });
      return element("li", {}, link);
    }
    return element("li", { text: label });
  }

  function findingCard(f) {
    const card = element("div", { class: "finding" });
    const kind = f.in_quote ? "in-quote" : "sev-" + f.severity;
    card.append(
      element(
        "p",
        {},
        element("span", { class: "badge hl " + kind, text: describe(f) }),
        element("span", { class: "rule-id", text: f.rule }),
      ),
      element("p", { class: "message", text: f.message }),
      element("p", { class: "why", text: f.why }),
    );
    if (f.reading) {
      card.append(element("p", { class: "hint", text: `Read as: ${f.reading}${f.reading_cue ? ` (${f.reading_cue})` : ""}` }));
    }
    if (f.sources.length) {
      card.append(element("p", { class: "hint", text: "Sources" }), element("ul", { class: "sources" }, ...f.sources.map(sourceItem)));
    }
    if (f.in_quote) {
      card.append(element("p", { class: "hint", text: "Quoted words are never rewritten: paraphrase or add context by hand." }));
    } else {
      f.suggestions.forEach((suggestion, i) => {
        const safe = f.fixable && i === 0 ? " (safe fix)" : "";
        const button = element("button", { type: "button", class: "accept", text: `Use \u201c${suggestion}\u201d${safe}` });
        button.addEventListener("click", () => accept(f, suggestion));
        card.append(button);
      });
    }
    const dismiss = element("button", { type: "button", class: "secondary dismiss", text: "Dismiss" });
    dismiss.addEventListener("click", () => dismissFinding(f));
    card.append(dismiss);
    return card;
  }

  function marks() {
    return [...$("doc").querySelectorAll("mark.hl")];
  }

  function open(index, focus = true) {
    if (!state.groups.length) return;
    index = ((index % state.groups.length) + state.groups.length) % state.groups.length;
    state.current = index;
    const all = marks();
    all.forEach((m) => m.classList.remove("current"));
    const mark = all[index];
    mark.classList.add("current");
    if (focus) mark.focus();
    const cards = state.groups[index].findings.map(findingCard);
    if (PHONE.matches) {
      // One column: the panel is below the whole draft, so bring it up, with a way back.
      const back = element("button", { type: "button", class: "secondary back", text: "Back to the draft" });
      back.addEventListener("click", () => marks()[state.current].focus());
      cards.push(back);
    }
    $("detail-body").replaceChildren(...cards);
    if (PHONE.matches) $("detail").scrollIntoView({ block: "start" });
  }

  // After a change, carry on at the first highlight at or after where it happened.
  function openFrom(offset) {
    if (!state.groups.length) return $("review").focus();
    const next = state.groups.findIndex((g) => g.end > offset);
    open(next === -1 ? 0 : next);
  }

  // --- actions ----------------------------------------------------------------------

  function show(report) {
    state.report = report;
    state.skip = [];
    $("changes").replaceChildren();
    $("review").hidden = false;
    render();
    $("review").focus();
  }

  function applyFix(result, offset) {
    state.text = result.text;
    if (state.file !== null) state.file = result.file;
    state.report = result.report;
    state.skip = result.skip;
    for (const edit of result.applied) {
      $("changes").append(element("li", {}, element("del", { text: edit.match }), " \u2192 ", element("ins", { text: edit.replacement })));
    }
    render();
    const refused = result.declined.map((d) => `${d.rule}: ${d.reason}`);
    if (refused.length) setStatus(`Not changed: ${refused.join("; ")}`, true);
    else if (!result.applied.length) setStatus("Nothing to change.");
    openFrom(offset);
  }

  function accept(f, suggestion) {
    return busy("Applying\u2026", async () => {
      const body = { ...draftBody(), accept: [{ rule: f.rule, offset: f.offset, end_offset: f.end_offset, suggestion }], skip: state.skip };
      applyFix(await call("/api/fix", body), f.offset);
    });
  }

  function dismissFinding(f) {
    state.skip.push({ rule: f.rule, offset: f.offset, end_offset: f.end_offset });
    render();
    openFrom(f.offset);
  }

  function fixAll() {
    return busy("Applying every safe fix\u2026", async () => {
      applyFix(await call("/api/fix", { ...draftBody(), safe: true, skip: state.skip }), 0);
    });
  }

  function checkPasted(event) {
    event.preventDefault();
    state.format = $("format").value;
    state.path = { markdown: "draft.md", text: "draft.txt", html: "draft.html" }[state.format];
    state.text = $("draft").value;
    state.file = null;
    return busy("Checking\u2026", async () => show(await call("/api/check", draftBody())));
  }

  function toBase64(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  function fromBase64(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function openFile() {
    const file = $("upload").files[0];
    if (!file) return;
    return busy(`Reading ${file.name}\u2026`, async () => {
      const body = { path: file.name, file: toBase64(await file.arrayBuffer()) };
      const result = await call("/api/open", body);
      state.path = result.path;
      state.format = result.format;
      state.text = result.text;
      state.file = body.file;
      if (result.format !== "docx") $("format").value = result.format;
      show(result.report);
    }).finally(() => ($("upload").value = "")); // the same file can be opened again
  }

  function revisedName(path) {
    const dot = path.lastIndexOf(".");
    return dot > 0 ? `${path.slice(0, dot)}.revised${path.slice(dot)}` : `${path}.revised`;
  }

  function download() {
    const type = MIME[state.format] || "application/octet-stream";
    const data = state.file !== null ? fromBase64(state.file) : new TextEncoder().encode(state.text);
    const url = URL.createObjectURL(new Blob([data], { type }));
    const link = element("a", { href: url, download: revisedName(state.path) });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // --- wiring -----------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", () => {
    $("draft-form").addEventListener("submit", checkPasted);
    $("upload").addEventListener("change", openFile);
    $("fix-all").addEventListener("click", fixAll);
    $("download").addEventListener("click", download);
    $("next").addEventListener("click", () => open(state.current + 1));
    $("prev").addEventListener("click", () => open(state.current < 0 ? -1 : state.current - 1));
    const doc = $("doc");
    doc.addEventListener("click", (event) => {
      const mark = event.target.closest("mark.hl");
      if (mark) open(Number(mark.dataset.index));
    });
    doc.addEventListener("keydown", (event) => {
      const mark = event.target.closest("mark.hl");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        open(Number(mark.dataset.index));
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.target.closest("textarea, input, select") || event.ctrlKey || event.metaKey || event.altKey) return;
      if ($("review").hidden) return;
      if (event.key === "n") open(state.current + 1);
      else if (event.key === "p") open(state.current < 0 ? -1 : state.current - 1);
    });
    updateButtons();
  });
})();
