/* The text view: the source sentences with the quoted words marked by statement, and
 * "show in text" from a relation to its quote. */
import { announce, clear, el } from "./dom.js";
import { network } from "./draw.js";
import { apply, visible } from "./filters.js";
import { t } from "./messages.js";
import { label, localName, relLabel } from "./names.js";
import { KG, byEdge } from "./page.js";
import { basisTag, panel } from "./panel.js";
import { selectEdge, selectNode } from "./selection.js";
import { state } from "./state.js";
import { cellButton, factOwner, setView } from "./tables.js";
import { late, provide } from "./late.js";

// what modules below this one call (late.js)
provide({ showInText, showQuote, buildReading, markReading }, { readingBuilt: () => readingBuilt });

/* The reading view: every sentence of the source, each quoted span a button that opens the
 * statements resting on it; quotes not found verbatim are listed under their sentence. */
export let readingBuilt = false;

export function buildReading() {
  readingBuilt = true;
  var list = clear(document.getElementById("reading"));
  (KG.reading || []).forEach(function (r) {
    var li = el("li", { id: "sentence-" + r.number, value: r.number, "data-sentence": r.number });
    var para = el("p", { class: "sentence" });
    r.segments.forEach(function (seg) {
      if (!seg[1].length) { para.append(seg[0]); return; }
      var ids = seg[1];
      if (!seg[0].trim()) { // the space between two quoted words: marked, not a stop of its own
        para.append(el("mark", { class: "quoted gap", "data-statements": ids.join(" ") }, seg[0]));
        return;
      }
      // a marked span that wraps with the text (a <button> would not): a button to the keys
      para.append(el("mark", { class: ids.length > 1 ? "quoted many" : "quoted", role: "button", tabindex: "0", "data-statements": ids.join(" "),
        title: t("spanTitle", { n: ids.length }),
        onclick: function () { openQuoted(ids, seg[0]); },
        onkeydown: function (ev) {
          if (ev.key !== "Enter" && ev.key !== " ") return;
          ev.preventDefault();
          openQuoted(ids, seg[0]);
        } }, seg[0]));
    });
    li.append(para);
    if (r.unquoted.length) {
      var missing = el("ul", { class: "unquoted plain" });
      r.unquoted.forEach(function (u) {
        missing.append(el("li", { "data-statement": u[0] },
          cellButton(statementName(u[0]), function () { openStatement(u[0]); }), ": ", el("q", null, u[1])));
      });
      li.append(el("div", { class: "hint", lang: state.lang }, t("unquoted"), missing));
    }
    list.append(li);
  });
  var credit = clear(document.getElementById("reading-credit"));
  KG.meta.sources.forEach(function (src) {
    credit.append(el("span", null, t("source") + ": ",
      src.url ? el("a", { href: src.url }, src["label_" + state.lang]) : src["label_" + state.lang],
      src.licence ? ", " + t("licence") + " " : null,
      src.licence ? (src.licence_url ? el("a", { href: src.licence_url }, src.licence) : src.licence) : null));
  });
  markReading();
}

/* Whether a statement of the page is shown by the filters (a fact: its entity is). */
function statementShown(id) {
  if (byEdge.has(id)) return visible.edges.has(id);
  return factOwner.has(id) && visible.nodes.has(factOwner.get(id));
}

function statementName(id) {
  var e = byEdge.get(id);
  if (e) return label(e.from) + " " + relLabel(e.relation) + " " + label(e.to);
  return factOwner.has(id) ? t("factOf", { name: label(factOwner.get(id)) }) : localName(id);
}

/* The spans of statements the filters hide are drawn paler; the statement "show in text"
 * asked for is marked. */
export function markReading() {
  document.querySelectorAll("#reading .quoted").forEach(function (span) {
    var ids = span.getAttribute("data-statements").split(" ");
    span.classList.toggle("filtered", !ids.some(statementShown));
    var marked = state.marked !== null && ids.indexOf(state.marked) >= 0;
    span.classList.toggle("current", marked);
    if (marked) span.setAttribute("aria-current", "true"); else span.removeAttribute("aria-current");
  });
  document.querySelectorAll("#reading [data-statement]").forEach(function (item) {
    item.classList.toggle("current", item.getAttribute("data-statement") === state.marked);
  });
}

function openStatement(id) {
  if (byEdge.has(id)) selectEdge(id);
  else if (factOwner.has(id)) selectNode(factOwner.get(id), true);
}

function openQuoted(ids, text) {
  if (ids.length === 1) { openStatement(ids[0]); return; }
  late.navigate(function () {
    state.selected = { kind: "quote", ids: ids, text: text };
    network.unselectAll();
    showQuote(ids, text);
    apply();
    panel.focus();
  });
}

/* The panel for a quoted span several statements rest on: each of them, to open. */
export function showQuote(ids, text) {
  clear(panel);
  panel.append(el("h2", { text: t("quoteStatements") }), el("blockquote", { class: "quote-head", lang: "de" }, el("mark", null, text)));
  var list = el("ul", { class: "plain statements" });
  ids.forEach(function (id) {
    var e = byEdge.get(id);
    var item = el("li", { "data-statement": id }, cellButton(statementName(id), function () { openStatement(id); }));
    if (e && e.basis !== "stated") item.append(basisTag(e));
    if (!statementShown(id)) item.append(el("span", { class: "hint", text: " (" + t("hiddenByFilters") + ")" }));
    list.append(item);
  });
  panel.append(list);
}

/* The reading view, scrolled to the quote of statement `id`, marked. */
export function showInText(id) {
  state.marked = id;
  setView("text");
  markReading();
  /** @type {HTMLElement | null} */
  var target = document.querySelector("#reading .quoted.current") || document.querySelector("#reading [data-statement].current");
  var e = byEdge.get(id);
  if (target) {
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }
  if (e) announce(t("markedInText", { n: e.sentence }));
  return !!target;
}
