/* "Cite this statement", without the DOM: a statement's citation as the core writes it
 * (graph.release.Citation.text). The format lives in one place, the message catalogue
 * (text.citation); Python fills in the version and source (meta.citations, by source IRI and
 * language, from graph.release.citation_templates) and this fills in the statement's own
 * parts, {iri}, {sentence} and {quote}, by the catalogue's placeholder rule (words.js). */
import { fillParts } from "./words.js";

/**
 * The citation of a page edge or fact (`item`: its IRI in `id` or `statement`, its sentence
 * and quote) whose sentence is part of source `sourceId`, in `lang`; null when the item is no
 * statement or the page carries no citations.
 * @param {Record<string, Record<string, string>> | undefined} templates
 * @param {string} lang
 * @param {{ id?: string, statement?: string, sentence?: number | null, sentence_ref?: string, quote?: string | null }} item
 * @param {string | null | undefined} sourceId
 * @returns {string | null}
 */
export function citationText(templates, lang, item, sourceId) {
  var iri = item.id || item.statement;
  if (!iri || !templates) return null;
  var bySource = templates[sourceId || ""] || templates[""];
  if (!bySource) return null;
  var template = bySource[lang] || bySource.en;
  var sentence = item.sentence_ref || String(item.sentence);
  return fillParts(template, { iri: iri, sentence: sentence, quote: item.quote || "" }).join("");
}
