/* The viewer page's script: the entry point esbuild bundles into viz/static/app.js.
 *
 * Each module below holds one concern and exports what the others use; their init()s run
 * here, once, in this order (the page data first, the network before what draws on it, the
 * address last). The page's scripting API is window.kgViewer (main.js, docs/reference/viewer-api.md);
 * window.network is the vis-network instance, as on a pyvis page; window.kg answers SPARQL
 * (querypanel.js). */
import { init as pageInit } from "./page.js";
import { init as lodInit } from "./lod.js";
import { init as stateInit } from "./state.js";
import { init as searchInit } from "./search.js";
import { init as drawInit } from "./draw.js";
import { init as filtersInit } from "./filters.js";
import { init as labelsInit } from "./labels.js";
import { init as landmarksInit } from "./landmarks.js";
import { init as calloutsInit } from "./callouts.js";
import { init as explainInit } from "./explain.js";
import { init as selectionInit } from "./selection.js";
import { init as searchboxInit } from "./searchbox.js";
import { init as keysInit } from "./keys.js";
import { init as legendInit } from "./legend.js";
import { init as appearanceInit } from "./appearance.js";
import { init as layoutrunInit } from "./layoutrun.js";
import { init as timeInit } from "./time.js";
import { init as toolsInit } from "./tools.js";
import { init as exportingInit } from "./export.js";
import { init as tablesInit } from "./tables.js";
import { init as langInit } from "./lang.js";
import { init as sheetInit } from "./sheet.js";
import { init as menuInit } from "./menu.js";
import { init as addressInit } from "./address.js";
import { init as queryPanelInit } from "./querypanel.js";
import { init as openFileInit } from "./openfile.js";
import { init as mainInit } from "./main.js";

pageInit();
lodInit();
stateInit();
searchInit();
drawInit();
filtersInit();
labelsInit();
landmarksInit();
calloutsInit();
explainInit();
selectionInit();
searchboxInit();
keysInit();
legendInit();
appearanceInit();
layoutrunInit();
timeInit();
toolsInit();
exportingInit();
tablesInit();
langInit();
sheetInit();
menuInit();
addressInit();
queryPanelInit();
openFileInit();
mainInit();
