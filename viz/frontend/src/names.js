/* Names in the page's language: entities, relations (read from either end), types, bases,
 * and what a statement rests on, in words. */
import { t } from "./messages.js";
import { BASES, REL, TYPES, byNode } from "./page.js";
import { state } from "./state.js";
import { fillParts } from "./words.js";

// ------------------------------------------------------------------ names
/* A name where a label belongs is never "null", "undefined" or an IRI: the label in the
 * page's language, else in the other, else (a term the page has no labels for) the IRI's
 * local name or the term's own name. */
function named(item, fallback) {
  return (item && (item["label_" + state.lang] || item.label_en || item.label_de)) || fallback;
}

export function label(id) {
  return named(byNode.get(id), localName(String(id)));
}

export function relLabel(name) {
  return named(REL.get(name), name);
}

/** A dated fact's relation, as the vocabulary names it (the page data's labels of the fact).
 * @param {{relation: string, label_de?: string, label_en?: string}} fact */
export function factLabel(fact) {
  return named(fact, relLabel(fact.relation));
}

/* The relation read from its object's side ("was defeated by" for "prevailed over"). */
function inverseLabel(name) {
  var r = REL.get(name);
  return (r && (r["inverse_" + state.lang] || r.inverse_en || r.inverse_de)) || relLabel(name);
}

/* How a relation reads from the side of `id`, one of its ends. */
export function relLabelFrom(e, id) {
  return e.symmetric || e.from === id ? relLabel(e.relation) : inverseLabel(e.relation);
}

export function basisLabel(name) {
  return named(BASES.get(name), name);
}

export function claimantName(c) {
  return named(c, c.curie || localName(c.id));
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
  return named(TYPES.get(name), name);
}

export function localName(iri) {
  var m = /[^/#:]+$/.exec(iri);
  return m ? m[0] : iri;
}
