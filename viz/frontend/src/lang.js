/* The page's language: every element's words replaced (data-i18n attributes), the drawing's
 * labels and the panels rebuilt in German or English. */
import { clear, el } from "./dom.js";
import { container, edges, nodes, visEdge } from "./draw.js";
import { buildAvoid } from "./explain.js";
import { apply } from "./filters.js";
import { batch } from "./labels.js";
import { buildBases, buildMetricChoices, buildMetricLegend, buildRelations, buildTypes } from "./legend.js";
import { buildAppearance } from "./appearance.js";
import { buildLayout } from "./layoutrun.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { label, typeLabel } from "./names.js";
import { EDGES, KG, NODES } from "./page.js";
import { refreshPanel } from "./panel.js";
import { buildReading, readingBuilt } from "./reading.js";
import { state } from "./state.js";
import { refreshViews } from "./tables.js";
import { playButton, playing } from "./time.js";

// ------------------------------------------------------------------ language
export const langSelect = document.getElementById("lang");

export function translatePage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = t(node.getAttribute("data-i18n")); });
  document.querySelectorAll(/** @type {"input"} */ ("[data-i18n-placeholder]")).forEach(function (node) { node.placeholder = t(node.getAttribute("data-i18n-placeholder")); });
  document.querySelectorAll("[data-i18n-label]").forEach(function (node) { node.setAttribute("aria-label", t(node.getAttribute("data-i18n-label"))); });
  container.setAttribute("aria-label", t("canvasLabel", { n: NODES.length, e: EDGES.length }));
  var credit = clear(document.getElementById("credit"));
  KG.meta.sources.forEach(function (s, i) {
    if (i) credit.append(" · "); // several sources: one after the other, apart
    credit.append(t("source") + ": ",
      s.url ? el("a", { href: s.url }, s["label_" + state.lang]) : s["label_" + state.lang]);
    if (s.licence) {
      credit.append(", " + t("licence") + " ",
        s.licence_url ? el("a", { href: s.licence_url }, s.licence) : s.licence);
    }
  });
}

/** Build the side panel's controls whose words depend on the language: entity types, bases,
 * relations, metric choices and legend, the explain panel's avoid list. */
export function buildControls() {
  buildTypes();
  buildBases();
  buildRelations();
  buildMetricChoices();
  buildMetricLegend();
  buildAppearance();
  buildLayout();
  buildAvoid();
}

export function setLang(lang) {
  state.lang = lang === "de" ? "de" : "en";
  langSelect.value = state.lang;
  translatePage();
  batch(function () { // (level of detail: what is drawn)
    nodes.update((lod ? lod.onlyNodes(NODES) : NODES).map(function (n) {
      return { id: n.id, label: label(n.id), title: label(n.id) + " · " + typeLabel(n.type) };
    }));
    edges.update((lod ? lod.onlyEdges(EDGES) : EDGES).map(function (e) { return { id: e.id, title: visEdge(e).title }; }));
  });
  apply(); // edge labels are keyed on the language too
  buildControls();
  if (readingBuilt) buildReading();
  refreshViews();
  playButton.textContent = (playing === null ? t("play") : t("pause"));
  refreshPanel();
  ["explain-a", "explain-b"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input.dataset.id) input.value = label(input.dataset.id);
  });
}

export function init() {

  langSelect.addEventListener("change", function () { setLang(langSelect.value); });
}
