/* Time: the year slider ("as of") and its play button, which steps through the years. */
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
    return;
  }
  yearRange.min = String(span[0]);
  yearRange.max = String(span[1]);
  var start = KG.meta.year !== null && KG.meta.year !== undefined ? KG.meta.year : span[0];
  yearRange.value = String(Math.min(Math.max(start, span[0]), span[1]));
  yearOut.textContent = yearRange.value;
}

export function setYear(year) {
  if (year === null || year === undefined) {
    state.year = null;
    yearOn.checked = false;
    yearRange.disabled = true;
  } else {
    state.year = Number(year);
    yearOn.checked = true;
    yearRange.disabled = false;
    yearRange.value = String(state.year);
    yearOut.textContent = String(state.year);
  }
  apply();
  if (state.selected) refreshPanel();
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
  yearOn.addEventListener("change", function () { stopPlaying(); setYear(yearOn.checked ? Number(yearRange.value) : null); });
  yearRange.addEventListener("input", function () { stopPlaying(); yearOut.textContent = yearRange.value; setYear(Number(yearRange.value)); });
  PLAY_STEP = LARGE ? 1200 : 700;

  playButton.disabled = !KG.meta.years;
  playButton.addEventListener("click", function () { if (playing === null) play(); else stopPlaying(); });

}
