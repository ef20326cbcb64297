/* The graph's tools: the first overview, fit, reset to how the page opened, and the physics
 * switch with stabilisation. */
import { LABEL_FONT, LABEL_WRAP, container, labelFont, network, nodes } from "./draw.js";
import { clearExplain } from "./explain.js";
import { visible } from "./filters.js";
import { updateStatus } from "./focus.js";
import { buildRelations, buildTypes, focusSelect, setMetric, setMode, statedOnlyBox } from "./legend.js";
import { setAppearance, setRange } from "./appearance.js";
import { lod } from "./lod.js";
import { resetLayout, stopLayout } from "./layoutrun.js";
import { api } from "./main.js";
import { t } from "./messages.js";
import { label } from "./names.js";
import { KG, LARGE, animation, byNode } from "./page.js";
import { showIntro } from "./panel.js";
import { state } from "./state.js";
import { setYear, stopPlaying } from "./time.js";
import { provide } from "./late.js";

// what modules below this one call (late.js)
provide({ fit, reset, stabilise, overview });

// ------------------------------------------------------------------ tools
/* The whole graph in view: every entity shown, with the labels drawn at that zoom (those
 * with a bigger font); the labels that appear only when zoomed in need not fit. */
export function overview(animate) {
  var ids = Array.from(visible.nodes.size ? visible.nodes : byNode.keys());
  if (!ids.length) return;
  var at = network.getPositions(ids);
  if (lod) ids = lod.core(ids, at); // level of detail: the largest connected part
  var box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  ids.forEach(function (id) {
    var n = byNode.get(id), p = at[id], r = nodes.get(id).size || n.size || 16;
    var half = r, below = r;
    if (labelFont(n) !== LABEL_FONT) { // its label is drawn in the overview: room for it
      var font = labelFont(n), wrap = LABEL_WRAP * font / LABEL_FONT;
      var width = label(id).length * font * 0.52;
      half = Math.max(r, Math.min(width, wrap) / 2);
      below = r + 5 + Math.ceil(width / wrap) * font * 1.2;
    }
    box.x0 = Math.min(box.x0, p.x - half); box.x1 = Math.max(box.x1, p.x + half);
    box.y0 = Math.min(box.y0, p.y - r); box.y1 = Math.max(box.y1, p.y + below);
  });
  var margin = 16;
  var scale = Math.min((container.clientWidth - 2 * margin) / Math.max(box.x1 - box.x0, 1),
    (container.clientHeight - 2 * margin) / Math.max(box.y1 - box.y0, 1), 2);
  network.moveTo({ position: { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 }, scale: scale,
    animation: animate ? animation(300) : false });
}

export function fit() {
  overview(true);
}

export function reset() {
  state.types = new Set(KG.types.map(function (x) { return x.id; }));
  state.relations = new Set(KG.relations.map(function (r) { return r.id; }));
  state.hideOrphans = true;
  document.getElementById("orphans").checked = true;
  state.statedOnly = false;
  statedOnlyBox.checked = false;
  document.getElementById("rel-filter").value = "";
  state.focus = null;
  state.selected = null;
  state.focusDepth = 1;
  focusSelect.value = "1";
  stopPlaying();
  clearExplain();
  setMetric("type");
  setAppearance(null, null);
  setRange(null, false);
  setMode("hide");
  physicsBox.checked = false;
  network.setOptions({ physics: { enabled: false } });
  resetLayout();
  buildTypes();
  buildRelations();
  setYear(null);
  network.unselectAll();
  showIntro();
  fit();
}

const physicsBox = document.getElementById("physics");

export function stabilise() {
  stopLayout();
  document.getElementById("status").textContent = t("stabilising");
  network.setOptions({ physics: { enabled: true } });
  network.stabilize(LARGE ? 100 : 300);
}

export function init() {
  physicsBox.addEventListener("change", function () {
    if (physicsBox.checked) stopLayout();
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });

  network.on("stabilizationIterationsDone", function () {
    if (!physicsBox.checked) network.setOptions({ physics: { enabled: false } });
    api.stabilised += 1;
    updateStatus();
  });
}
