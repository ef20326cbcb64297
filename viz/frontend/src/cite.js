/* The panel's "cite this statement": the statement's citation (IRI, version, source and
 * sentence, with the quote; citation.js) to read, select or copy with one button. Works in
 * a page opened from a file, offline: the clipboard where the browser allows it, else the
 * text is selected for the reader's own copy. */
import { citationText } from "./citation.js";
import { el } from "./dom.js";
import { t } from "./messages.js";
import { KG } from "./page.js";
import { state } from "./state.js";

/**
 * A "cite this statement" box for a page edge or fact whose sentence is part of source
 * `sourceId`; an empty fragment for anything else.
 * @param {any} item @param {string | null | undefined} sourceId
 * @returns {Node}
 */
export function citeBlock(item, sourceId) {
  var text = citationText(KG.meta.citations, state.lang, item, sourceId);
  if (text === null) return document.createDocumentFragment();
  var output = el("output", { class: "citation-text", text: text });
  var status = el("span", { class: "hint citation-status", role: "status" });
  var button = el("button", { type: "button", class: "copy-citation",
    onclick: function () { copy(text, output, status); } }, t("citeCopy"));
  return el("details", { class: "citation" }, el("summary", { text: t("cite") }),
    el("p", null, output), el("p", { class: "row buttons" }, button, " ", status));
}

/** @param {string} text @param {HTMLElement} output @param {HTMLElement} status */
function copy(text, output, status) {
  /** @param {boolean} ok */
  function done(ok) { status.textContent = ok ? t("citeCopied") : t("citeSelected"); }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(function () { done(true); },
      function () { done(selectText(output)); });
  } else {
    done(selectText(output));
  }
}

/** Select the citation's text and copy it the old way; false when the browser refused.
 * @param {HTMLElement} node */
function selectText(node) {
  var range = document.createRange();
  range.selectNodeContents(node);
  var selection = window.getSelection();
  if (!selection) return false;
  selection.removeAllRanges();
  selection.addRange(range);
  try {
    return document.execCommand("copy");
  } catch (err) {
    return false;
  }
}
