/* Names in the page's language: entities, relations (read from either end), types, bases,
 * and what a statement rests on, in words. */
import { t } from "./messages.js";
import { BASES, REL, TYPES, byNode } from "./page.js";
import { state } from "./state.js";
import { fillParts } from "./words.js";

// ------------------------------------------------------------------ names
export function label(id) {
  var n = byNode.get(id);
  return n ? n["label_" + state.lang] || n.label_de || n.label_en : String(id);
}

export function relLabel(name) {
  var r = REL.get(name);
  return r ? r["label_" + state.lang] : name;
}

/* The relation read from its object's side ("was defeated by" for "prevailed over"). */
function inverseLabel(name) {
  var r = REL.get(name);
  return r ? r["inverse_" + state.lang] : name;
}

/* How a relation reads from the side of `id`, one of its ends. */
export function relLabelFrom(e, id) {
  return e.symmetric || e.from === id ? relLabel(e.relation) : inverseLabel(e.relation);
}

export function basisLabel(name) {
  var b = BASES.get(name);
  return b ? b["label_" + state.lang] : name;
}

export function claimantName(c) {
  return c["label_" + state.lang] || c.label_en || c.curie;
}

/* What an edge or fact rests on, in words: parts for el() (the claimant as `who`, a string
 * or an element), or [] when the item has no basis. */
export function basisParts(item, who) {
  if (item.basis === "stated") return [t("basisStated")];
  if (item.basis === "inferred") {
    if (item.inferred_part === "date") return [t("basisInferredDate")];
    return [item.inferred_part === "relation" ? t("basisInferredRelation") : t("basisInferred")];
  }
  if (item.basis === "reported") {
    return item.claimant ? fillParts(t("accordingTo"), { who: who || claimantName(item.claimant) }) : [t("reportedAnon")];
  }
  return [];
}

export function basisText(item) {
  return basisParts(item).join("");
}

export function typeLabel(name) {
  var ty = TYPES.get(name);
  return ty ? ty["label_" + state.lang] : name;
}

export function localName(iri) {
  var m = /[^/#:]+$/.exec(iri);
  return m ? m[0] : iri;
}
