/* Calls against the grain of the page's layers. The modules are ordered (page data, names and
 * messages at the bottom, then drawing, filters, labels, level of detail, selection, the panels,
 * the text view, explain, the address, main and the toolbar on top); a module imports only those
 * below it, so no two import each other, directly or in a loop (ESLint's import-x/no-cycle,
 * `npm run check`). Where one calls up (the filters refresh the tables, a selection updates the
 * address), the callee registers the function with provide() when its module loads, before any
 * init() runs, and the caller calls late.name(). Nothing else lives here. */

/**
 * The functions (and live values, read through getters) that modules register.
 * @property {typeof import("./address.js").navigate} navigate
 * @property {typeof import("./address.js").remember} remember
 * @property {typeof import("./address.js").started} started
 * @property {typeof import("./callouts.js").placeNames} placeNames
 * @property {typeof import("./callouts.js").relationOrder} relationOrder
 * @property {typeof import("./explain.js").dropChains} dropChains
 * @property {typeof import("./explain.js").markChain} markChain
 * @property {typeof import("./explain.js").reExplain} reExplain
 * @property {typeof import("./explain.js").runExplain} runExplain
 * @property {typeof import("./explain.js").showExplanation} showExplanation
 * @property {typeof import("./filters.js").edgeColour} edgeColour
 * @property {typeof import("./focus.js").neighbourhood} neighbourhood
 * @property {typeof import("./focus.js").setFocusDepth} setFocusDepth
 * @property {typeof import("./focus.js").updateStatus} updateStatus
 * @property {typeof import("./keys.js").setCursor} setCursor
 * @property {typeof import("./labels.js").batch} batch
 * @property {typeof import("./labels.js").relabel} relabel
 * @property {typeof import("./legend.js").setMetric} setMetric
 * @property {typeof import("./lod.js").lod} lod
 * @property {typeof import("./panel.js").existsText} existsText
 * @property {typeof import("./panel.js").lineSample} lineSample
 * @property {typeof import("./panel.js").refreshPanel} refreshPanel
 * @property {typeof import("./panel.js").showEdge} showEdge
 * @property {typeof import("./panel.js").showIntro} showIntro
 * @property {typeof import("./panel.js").showNode} showNode
 * @property {typeof import("./panel.js").statementsNote} statementsNote
 * @property {typeof import("./reading.js").buildReading} buildReading
 * @property {typeof import("./reading.js").markReading} markReading
 * @property {typeof import("./reading.js").readingBuilt} readingBuilt
 * @property {typeof import("./reading.js").showInText} showInText
 * @property {typeof import("./reading.js").showQuote} showQuote
 * @property {typeof import("./tables.js").refreshViews} refreshViews
 * @property {typeof import("./tools.js").fit} fit
 * @property {typeof import("./tools.js").overview} overview
 * @property {typeof import("./tools.js").reset} reset
 * @property {typeof import("./tools.js").stabilise} stabilise
 * @typedef {object} Late
 */

/** What modules above the caller registered: `late.refreshViews()`. */
export const late = /** @type {Late} */ ({});

/**
 * Registers a module's functions, and values it reassigns (each read through a getter, so the
 * caller sees the current one, as an imported binding would).
 * @param {Partial<Late>} functions
 * @param {{ [name: string]: () => unknown }} [values]
 */
export function provide(functions, values = {}) {
  Object.assign(late, functions);
  for (const [name, get] of Object.entries(values)) Object.defineProperty(late, name, { get, enumerable: true });
}
