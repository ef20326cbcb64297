/* One's own RDF file in the page (issue 24, item 4, in part): a Turtle, TriG, N-Triples,
 * N-Quads, JSON-LD or RDF/XML file, picked in the SPARQL panel or dropped on the page, parsed
 * by the page's SPARQL engine (Oxigraph, engine.js), which answers over it from then on, until
 * "back to this page's graph". A file that does not parse says where (line and column, as
 * Oxigraph reports them) and what to do; nothing changes then.
 *
 * What it does not do: draw the file's graph or check it with `kg check`'s rules. The page's
 * drawing (viz/data.py, viz/layout.py) and the checks (graph/check) are Python; the page has no
 * second copy of them. The panel says so, and how to draw the file: kg render --data FILE. */
import { fileFormat } from "./engine.js";
import { t } from "./messages.js";
import { engine, openPanel } from "./querypanel.js";

/** Read `file` into the engine; the words for the file's status line. @param {File} file */
export async function openFile(file) {
  var format = fileFormat(file.name);
  if (!format) throw new Error(t("sparqlFileKind", { name: file.name }));
  var text = await file.text();
  try {
    var n = await engine.useFile(text, format, file.name);
    return t("sparqlFileUsed", { name: file.name, n: n });
  } catch (err) {
    throw new Error(t("sparqlFileError", { name: file.name, error: err.message }));
  }
}

export function init() {
  var input = document.getElementById("sparql-file");
  if (!input) return; // a page without the engine
  var status = document.getElementById("sparql-file-status");
  var back = document.getElementById("sparql-page");

  async function use(file) {
    openPanel();
    status.textContent = t("sparqlFileReading", { name: file.name });
    try {
      status.textContent = await openFile(file);
      back.hidden = false;
    } catch (err) {
      status.textContent = err.message;
    }
  }
  input.addEventListener("change", function () {
    if (input.files && input.files[0]) use(input.files[0]);
    input.value = "";
  });
  back.addEventListener("click", async function () {
    await engine.usePage();
    back.hidden = true;
    status.textContent = t("sparqlFilePage");
  });
  /** @param {DragEvent} ev */
  function carriesFiles(ev) {
    return !!ev.dataTransfer && Array.prototype.indexOf.call(ev.dataTransfer.types, "Files") >= 0;
  }
  document.addEventListener("dragover", function (ev) {
    if (carriesFiles(ev)) { ev.preventDefault(); ev.dataTransfer.dropEffect = "copy"; }
  });
  document.addEventListener("drop", function (ev) {
    if (!carriesFiles(ev)) return;
    ev.preventDefault(); // the browser would open the file in place of the page
    var file = ev.dataTransfer.files[0];
    if (file) use(file);
  });
}
