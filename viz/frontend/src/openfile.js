/* One's own RDF file in the page (issue 24, item 4): a Turtle, TriG, N-Triples, N-Quads,
 * JSON-LD or RDF/XML file, picked in the SPARQL panel or dropped on the page.
 *
 * On a page `kg serve` sent (KG.meta.served.open), the file goes to that server (POST /open, the
 * page's policy lets it connect there and nowhere else), which checks it with `kg check`'s rules
 * and draws it as `kg render --data` does, in Python (kgapp/server/opened.py); the page then
 * goes to the file's page, which lists the check's problems (KG.meta.opened) and answers the
 * SPARQL panel's queries over the file. The browser's Back returns to the page before.
 *
 * On a page opened from a file (no server), the page's SPARQL engine (Oxigraph, engine.js)
 * parses it and answers over it from then on, until "back to this page's graph"; it is neither
 * drawn nor checked there: the drawing (viz/data.py, viz/layout.py) and the checks (graph/check)
 * are Python, and the page has no second copy of them. The status says how to get it drawn and
 * checked. A file that does not parse says where (line and column) and what to do; nothing
 * changes then. */
import { fileFormat } from "./engine.js";
import { announce, el } from "./dom.js";
import { t } from "./messages.js";
import { KG } from "./page.js";
import { state } from "./state.js";
import { engine, openPanel } from "./querypanel.js";

/** The address where the server that sent this page checks and draws a file (its /open), or
 * null for a page opened from a file. */
export function openAddress() {
  var served = KG.meta.served;
  return served && served.open ? new URL(served.open, window.location.href).href : null;
}

/** Read `file` into the engine; the words for the file's status line. @param {File} file */
export async function openFile(file) {
  var format = fileFormat(file.name);
  if (!format) throw new Error(t("sparqlFileKind", { name: file.name }));
  var text = await file.text();
  try {
    var n = await engine.useFile(text, format, file.name);
    return t("sparqlFileUsed", { name: file.name, n: n });
  } catch (err) {
    // nothing changed: the queries answer over what they answered over before
    var kept = engine.file();
    throw new Error(kept ? t("sparqlFileErrorKept", { name: file.name, error: err.message, kept: kept.name })
      : t("sparqlFileError", { name: file.name, error: err.message }));
  }
}

/** Send `file` to the server at `address` to be checked and drawn; resolves to the address of
 * its page, rejects with the server's located error. @param {File} file @param {string} address */
export async function sendFile(file, address) {
  var format = fileFormat(file.name);
  if (!format) throw new Error(t("sparqlFileKind", { name: file.name }));
  var url = address + "?" + new URLSearchParams({ name: file.name, lang: state.lang }).toString();
  var response = await fetch(url, { method: "POST", headers: { "Content-Type": format }, body: file });
  if (response.status === 201) return String((await response.json()).location);
  var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
  var said = json ? String((await response.json()).error) : (await response.text()).trim();
  // 400: the file is wrong, and the user corrects it; otherwise (too large, busy) the server's
  // words say what to do
  var words = { name: file.name, error: said };
  throw new Error(response.status === 400 ? t("openedError", words) : t("openedRefused", words));
}

/** The list of what `kg check` found in the opened file, above the graph, closable. */
function showChecked() {
  var opened = KG.meta.opened;
  if (!opened) return;
  var title = el("h2", { id: "opened-title" });
  var summary = el("p", { id: "opened-summary" });
  var hint = el("p", { class: "hint" });
  var list = el("ol", { class: "opened-problems", id: "opened-problems" });
  var close = el("button", { type: "button", id: "opened-close" });
  var box = el("section", { class: "opened-check", id: "opened-check", "aria-labelledby": "opened-title" },
    el("div", { class: "opened-head" }, title, close), summary, list, hint);
  opened.problems.forEach(function (p) {
    list.append(el("li", null, el("code", null, p.line === null ? p.file : p.file + ":" + p.line),
      " ", el("code", null, p.node), ": " + p.message));
  });
  function words() {
    var n = opened.problems.length, params = { name: opened.name, n: opened.triples, count: n };
    title.textContent = t("openedTitle", params);
    summary.textContent = n === 0 ? t("openedNone", params)
      : n === 1 ? t("openedOne", params) : t("openedMany", params);
    hint.textContent = t("openedHint", params);
    close.textContent = t("openedClose");
  }
  words();
  list.hidden = opened.problems.length === 0;
  close.addEventListener("click", function () { box.hidden = true; });
  // the page's language changes (lang.js sets <html lang>): the list's words follow
  new MutationObserver(words).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  /** @type {HTMLElement} */ (document.querySelector("header.bar")).after(box);
}

export function init() {
  showChecked();
  var input = /** @type {HTMLInputElement | null} */ (document.getElementById("sparql-file"));
  var address = openAddress();
  if (!input && !address) return; // neither the engine nor a server to read a file
  var status = document.getElementById("sparql-file-status");
  var back = document.getElementById("sparql-page");
  /** @param {string} text */
  function say(text) {
    if (status) status.textContent = text;
    announce(text);
  }
  if (input && address) { // the picker opens the file here: checked and drawn
    var label = /** @type {HTMLElement} */ (document.querySelector("label[for='sparql-file']"));
    label.setAttribute("data-i18n", "sparqlFileServed");
    label.textContent = t("sparqlFileServed");
  }

  /** @param {File} file */
  async function use(file) {
    openPanel();
    try {
      if (address) {
        say(t("openedSending", { name: file.name }));
        window.location.assign(await sendFile(file, address));
        return;
      }
      say(t("sparqlFileReading", { name: file.name }));
      say(await openFile(file));
      if (back) back.hidden = false;
    } catch (err) {
      say(err.message);
    }
  }
  if (input) {
    var picker = input;
    picker.addEventListener("change", function () {
      if (picker.files && picker.files[0]) use(picker.files[0]);
      picker.value = "";
    });
  }
  if (back) {
    var backButton = back;
    backButton.addEventListener("click", async function () {
      await engine.usePage();
      backButton.hidden = true;
      say(t("sparqlFilePage"));
    });
  }
  /** @param {DragEvent} ev */
  function carriesFiles(ev) {
    return !!ev.dataTransfer && Array.prototype.indexOf.call(ev.dataTransfer.types, "Files") >= 0;
  }
  document.addEventListener("dragover", function (ev) {
    if (carriesFiles(ev) && ev.dataTransfer) { ev.preventDefault(); ev.dataTransfer.dropEffect = "copy"; }
  });
  document.addEventListener("drop", function (ev) {
    if (!carriesFiles(ev) || !ev.dataTransfer) return;
    ev.preventDefault(); // the browser would open the file in place of the page
    var file = ev.dataTransfer.files[0];
    if (file) use(file);
  });
}
