// The globals the page's script meets or makes (no module exports them).

/** vis-network's standalone build, inlined before the page's script (viz/static/vendor). */
declare const vis: any;

interface Window {
  /** The vis.Network instance, as on a pyvis page. */
  network: any;
  /** The page's scripting API (main.js; docs/reference/viewer-api.md). */
  kgViewer: any;
  /** SPARQL in the page (querypanel.js; docs/reference/viewer-api.md). */
  kg: any;
  /** The level of detail of a big graph's page (lod.js), absent on a plain page. */
  kgLod?: any;
}

interface Document {
  /** The page's elements are found by the ids of viz/templates/page.html: inputs, selects,
   * tables and plain elements alike, each used as what the template makes it. */
  getElementById(elementId: string): any;
}
