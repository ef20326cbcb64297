/* Time: the year slider ("as of") and its play button, which steps through the years. The
 * slider works at once (moving it turns "as of" on) and keeps to the data's years
 * (KG.meta.years): a year outside them, from the address or a script, is brought to the
 * nearest one the data has, with a notice under the slider saying so. */
import { el } from "./dom.js";
import { apply } from "./filters.js";
import { t } from "./messages.js";
import { KG, LARGE } from "./page.js";
import { refreshPanel } from "./panel.js";
import { state } from "./state.js";

const yearOn = document.getElementById("year-on");
const yearRange = document.getElementById("year");
const yearOut = document.getElementById("year-out");

export function setupYears() {
  var span = KG.meta.years;
  if (!span) {
    yearOn.disabled = true;
    yearRange.disabled = true;
    return;
  }
  yearRange.disabled = false; // usable at once: moving it turns "as of" on
  yearRange.min = String(span[0]);
  yearRange.max = String(span[1]);
  var start = KG.meta.year !== null && KG.meta.year !== undefined ? KG.meta.year : span[0];
  yearRange.value = String(Math.min(Math.max(start, span[0]), span[1]));
  yearOut.textContent = yearRange.value;
}

/* The year the slider can show for `year`: itself inside the data's years, else the nearest
 * end of them; null where the data has no years or `year` is not a number. */
export function keptYear(year) {
  var span = KG.meta.years, y = Number(year);
  if (!span || year === null || year === undefined || year === "" || !isFinite(y)) return null;
  return Math.min(Math.max(Math.round(y), span[0]), span[1]);
}

// the notice under the slider when a year asked for was not one the data has, and what it
// says (said again in the new language when the page's language changes)
let notice = null;
let noticed = { asked: null, kept: null };

/* Say (or stop saying) that the year asked for was changed or ignored. */
function yearNotice(asked, kept) {
  if (!notice) {
    notice = el("p", { id: "year-notice", class: "hint year-notice", role: "status" });
    yearRange.closest(".year-row").after(notice);
  }
  var span = KG.meta.years;
  noticed = { asked: asked, kept: kept };
  notice.hidden = asked === null;
  if (asked === null) notice.textContent = "";
  else if (kept === null) notice.textContent = span ? t("yearRejected", { asked: asked }) : t("yearNoYears", { asked: asked });
  else notice.textContent = t("yearKept", { asked: asked, y: kept, from: span[0], to: span[1] });
}

/* The "as of" year: `year` (kept to the data's years, with a notice where it was not one of
 * them), or null for none. Returns the year set. */
export function setYear(year) {
  var asked = year;
  if (year !== null && year !== undefined) {
    year = keptYear(asked);
    yearNotice(year === Number(asked) ? null : String(asked), year);
  } else {
    yearNotice(null, null);
  }
  if (year === null || year === undefined) {
    state.year = null;
    yearOn.checked = false;
  } else {
    state.year = Number(year);
    yearOn.checked = true;
    yearRange.value = String(state.year);
    yearOut.textContent = String(state.year);
  }
  apply();
  if (state.selected) refreshPanel();
  return state.year;
}

// the play button steps through the years, one every PLAY_STEP milliseconds, to the last
let PLAY_STEP;
export const playButton = document.getElementById("play");
export let playing = null;

export function play() {
  var span = KG.meta.years;
  if (!span || playing !== null) return;
  if (state.year === null || state.year >= span[1]) setYear(span[0]);
  playing = window.setTimeout(step, PLAY_STEP);
  playButton.textContent = t("pause");
  playButton.setAttribute("aria-pressed", "true");

  function step() {
    if (state.year >= span[1]) { stopPlaying(); return; }
    setYear(state.year + 1);
    playing = window.setTimeout(step, PLAY_STEP);
  }
}

export function stopPlaying() {
  if (playing !== null) window.clearTimeout(playing);
  playing = null;
  playButton.textContent = t("play");
  playButton.setAttribute("aria-pressed", "false");
}

export function init() {
  new window.MutationObserver(function () {
    if (notice && !notice.hidden) yearNotice(noticed.asked, noticed.kept);
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  yearOn.addEventListener("change", function () { stopPlaying(); setYear(yearOn.checked ? Number(yearRange.value) : null); });
  yearRange.addEventListener("input", function () { stopPlaying(); yearOut.textContent = yearRange.value; setYear(Number(yearRange.value)); });
  PLAY_STEP = LARGE ? 1200 : 700;

  playButton.disabled = !KG.meta.years;
  playButton.addEventListener("click", function () { if (playing === null) play(); else stopPlaying(); });

}
