/* Explain in the page: the Explain box, its chains (chains.js) over what the filters let
 * through, the entities to avoid, and the chains shown in the panel and the drawing. */
import { findChains } from "./chains.js";
import { clear, el } from "./dom.js";
import { network } from "./draw.js";
import { passing } from "./filters.js";
import { setFocus } from "./focus.js";
import { lod } from "./lod.js";
import { t } from "./messages.js";
import { label, relLabelFrom } from "./names.js";
import { EDGES, NODES, adjacency, byEdge, byNode } from "./page.js";
import { basisBlock, basisTag, evidence, nodeButton, panel, refreshPanel, showIntro } from "./panel.js";
import { search } from "./search.js";
import { state } from "./state.js";
import { late, provide } from "./late.js";

// what modules below this one call (late.js)
provide({ runExplain, reExplain, markChain, showExplanation, dropChains });

// ------------------------------------------------------------------ explain
/* The chains between a and b over the relations that pass the filters (chains.js). */
/** @param {string} a @param {string} b @param {number} [maxHops] @param {number} [limit] @param {string[]} [avoid] */
export function explain(a, b, maxHops, limit, avoid) {
  return findChains({ adjacency: adjacency, byEdge: byEdge, pass: passing().edges }, a, b, maxHops, limit, avoid);
}

function resolve(input) {
  if (input.dataset.id && byNode.has(input.dataset.id) && input.value === label(input.dataset.id)) {
    return input.dataset.id;
  }
  var hits = search(input.value, 1);
  return hits.length ? hits[0] : null;
}

const explainOut = document.getElementById("explain-out");

function explainMessage(text) {
  explainOut.append(el("p", { class: "hint explain-message", text: text }));
}

/* Forget the chains found before (their highlight and panel): a new question's answer, or
 * its error, never stands next to an old answer. */
export function dropChains() {
  state.chains = [];
  state.ends = null;
  state.explainedOver = null;
  clear(explainOut);
  if (state.focus) setFocus(null);
  if (state.selected && state.selected.kind === "explain") {
    state.selected = null;
    network.unselectAll();
    showIntro();
  }
}

export function runExplain() {
  return late.navigate(explainNow);
}

/* The pair explained on screen again, over what the filters let through now (filters.js calls
 * it when they change): nothing they hide stays drawn or listed as a link of a chain. */
export function reExplain() {
  if (!state.ends) return [];
  var ends = state.ends;
  [["explain-a", ends[0]], ["explain-b", ends[1]]].forEach(function (pair) {
    var input = /** @type {HTMLInputElement} */ (document.getElementById(pair[0]));
    input.value = label(pair[1]);
    input.dataset.id = pair[1];
  });
  var kept = state.selected && state.selected.kind !== "explain" ? state.selected : null;
  var chains = explainNow();
  if (kept && chains.length) { // an entity or relation picked from a chain stays in the panel
    state.selected = kept;
    refreshPanel();
  }
  return chains;
}

/* Explain the pair the boxes name, over what the filters let through. */
function explainNow() {
  dropChains();
  var inA = document.getElementById("explain-a");
  var inB = document.getElementById("explain-b");
  if (!inA.value.trim() || !inB.value.trim()) { explainMessage(t("pickBoth")); return []; }
  var ends = [[inA, t("boxFrom")], [inB, t("boxTo")]].map(function (box) {
    var id = resolve(box[0]);
    if (!id) explainMessage(t("noEntity", { box: box[1], name: box[0].value.trim() }));
    return id;
  });
  var a = ends[0], b = ends[1];
  if (!a || !b) return [];
  inA.value = label(a); inA.dataset.id = a;
  inB.value = label(b); inB.dataset.id = b;
  if (a === b) { explainMessage(t("same")); return []; }
  var blocked = [a, b].filter(function (id) { return state.avoid.indexOf(id) >= 0; });
  if (blocked.length) { explainMessage(t("avoidEnd", { name: label(blocked[0]) })); return []; }
  var pass = passing();
  var chains = findChains({ adjacency: adjacency, byEdge: byEdge, pass: pass.edges }, a, b, 4, 10, state.avoid);
  state.ends = [a, b];
  state.explainedOver = pass.edges;
  if (!chains.length) {
    explainMessage(t("noChain"));
    // the filters hide relations: say so, a chain may run through them
    if (pass.edges.size < EDGES.length) explainMessage(t("noChainFiltered"));
    return [];
  }
  state.chains = chains;
  explainMessage(t("chainsFound", { n: chains.length, k: chains[0].hops.length, m: chains[chains.length - 1].hops.length }));
  showExplanation();
  highlightChain(0);
  return chains;
}

/* The entities chains must not pass through, as removable chips. */
export function buildAvoid() {
  var list = clear(document.getElementById("explain-avoiding"));
  state.avoid.forEach(function (id) {
    list.append(el("li", { class: "chip", "data-id": id }, label(id),
      el("button", { type: "button", class: "link remove", "aria-label": t("remove", { name: label(id) }),
        title: t("remove", { name: label(id) }), onclick: function () { setAvoid(state.avoid.filter(function (x) { return x !== id; })); } }, "×")));
  });
  list.hidden = state.avoid.length === 0;
}

export function setAvoid(ids) {
  state.avoid = ids.filter(function (id, i) { return byNode.has(id) && ids.indexOf(id) === i; });
  buildAvoid();
  if (state.ends) {
    var ends = state.ends;
    document.getElementById("explain-a").dataset.id = ends[0];
    document.getElementById("explain-b").dataset.id = ends[1];
    runExplain();
  } else {
    late.remember(false);
  }
}

export function addAvoid() {
  var input = document.getElementById("explain-avoid");
  if (!input.value.trim()) return;
  var id = resolve(input);
  if (!id) {
    dropChains();
    explainMessage(t("noEntity", { box: t("boxAvoid"), name: input.value.trim() }));
    return;
  }
  input.value = "";
  setAvoid(state.avoid.concat([id]));
}

/* Every label and alias, as suggestions for the explain boxes. */
export function buildNames() {
  var list = document.getElementById("entity-names");
  var seen = new Set();
  NODES.forEach(function (n) {
    [n.label_en, n.label_de].concat(n.aliases || []).forEach(function (name) {
      if (name && !seen.has(name)) { seen.add(name); list.append(el("option", { value: name })); }
    });
  });
}

/* The chains found, in the side panel: every step with every relation between its two
 * entities, each with its quote, sentence and basis. */
export function showExplanation() {
  state.selected = { kind: "explain" };
  clear(panel);
  var a = state.ends[0], b = state.ends[1];
  panel.append(el("h2", { text: t("explain") }), el("p", { class: "ends" }, nodeButton(a), " … ", nodeButton(b)));
  if (state.avoid.length) {
    panel.append(el("p", { class: "hint" }, t("avoiding") + ": " + state.avoid.map(label).join(", ")));
  }
  var list = el("ol", { class: "chains" });
  state.chains.forEach(function (chain, i) {
    var steps = el("ol", { class: "steps" });
    chain.hops.forEach(function (hop) {
      var li = el("li", { class: "hop" }, el("span", { class: "hop-ends" }, label(hop.from), " — ", label(hop.to)));
      var links = el("ul", { class: "plain links" });
      hop.edges.forEach(function (eid) {
        var e = byEdge.get(eid);
        // each link reads from the hop's left end: the inverse label where the chain runs
        // against the relation's direction ("Trotsky — was defeated by → Joseph Stalin")
        var item = el("li", null,
          el("span", { class: "step" }, el("strong", null, relLabelFrom(e, hop.from) + (e.symmetric ? " — " : " → ")), label(hop.to)),
          el("span", { class: "when", text: " " + (e.years ? e.span : t("undated")) }));
        if (e.basis !== "stated") item.append(basisTag(e));
        item.append(el("details", null,
          el("summary", null, e.quote ? el("q", { lang: "de" }, e.quote) : t("evidence"),
            e.sentence !== null ? el("span", { class: "cite", text: " [" + e.sentence + "]" }) : null),
          evidence(e), basisBlock(e, false)));
        links.append(item);
      });
      li.append(links);
      steps.append(li);
    });
    list.append(el("li", { class: "chain" },
      el("button", { type: "button", class: "chain-head", "data-chain": i, onclick: function () { highlightChain(i); } },
        t("chainHead", { i: i + 1, k: chain.hops.length, path: chain.nodes.map(label).join(" → ") })),
      steps));
  });
  panel.append(list);
}

export function markChain(i) {
  state.chain = i;
  document.querySelectorAll("#panel .chain-head").forEach(function (b) {
    b.classList.toggle("active", b.getAttribute("data-chain") === String(i));
  });
}

function highlightChain(i) {
  var chain = state.chains[i];
  if (!chain) return;
  var nodeIds = new Set(chain.nodes);
  var edgeIds = new Set();
  chain.hops.forEach(function (hop) { hop.edges.forEach(function (eid) { edgeIds.add(eid); }); });
  markChain(i);
  if (lod) lod.reveal(nodeIds); // level of detail
  setFocus({ nodes: nodeIds, edges: edgeIds, force: true });
  network.setSelection({ nodes: Array.from(nodeIds), edges: Array.from(edgeIds) }, { highlightEdges: false });
}

export function clearExplain() {
  late.navigate(function () {
    dropChains();
    ["explain-a", "explain-b", "explain-avoid"].forEach(function (id) {
      var input = document.getElementById(id);
      input.value = "";
      delete input.dataset.id;
    });
    state.avoid = [];
    buildAvoid();
    network.unselectAll();
  });
}

export function init() {
  document.getElementById("explain-go").addEventListener("click", runExplain);
  document.getElementById("explain-clear").addEventListener("click", clearExplain);
  document.getElementById("explain-avoid-add").addEventListener("click", addAvoid);
  ["explain-a", "explain-b", "explain-avoid"].forEach(function (id) {
    var input = document.getElementById(id);
    input.addEventListener("input", function () { delete input.dataset.id; });
    input.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      if (id === "explain-avoid") addAvoid(); else runExplain();
    });
  });
}
