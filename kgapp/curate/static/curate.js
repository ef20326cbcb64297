// The curation workbench (kg curate): read a sentence, select words, make a statement.
// A plain ES module, no libraries. Every change is a POST with the session's token; the server
// checks it and writes it, or answers with the problems.

const token = document.querySelector('meta[name="kg-token"]').content;
// The page's words, from the catalogue (curate.*): t('key', { n: 1 }) fills {n}.
const words = JSON.parse(document.querySelector('meta[name="kg-strings"]').content);
const t = (key, values = {}) => (words[key] || key).replace(/\{(\w+)\}/g, (m, name) => (name in values ? values[name] : m));
const $ = (selector) => document.querySelector(selector);
const form = $('#statement-form');
const state = { sentence: null, text: '', spans: [], relations: [], source: '', offset: 0, total: 0, limit: 100 };

async function getJSON(url) {
  const answer = await fetch(url, { headers: { Accept: 'application/json' } });
  return answer.json();
}

async function post(url, body) {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-KG-Token': token },
    body: JSON.stringify(body),
  });
  const data = await answer.json();
  show(data);
  if (data.ok) {
    $('#undo').disabled = !data.undo;
    await loadSentences();
    if (state.sentence) await openSentence(state.sentence);
  }
  return data;
}

function show(data) {
  const status = $('#status');
  const problems = $('#problems');
  problems.replaceChildren();
  status.className = data.ok ? 'ok' : 'error';
  status.textContent = data.ok ? data.summary : data.error;
  for (const problem of data.problems || []) {
    const item = document.createElement('li');
    item.textContent = problem;
    problems.append(item);
  }
  if (data.conflict) {
    const reload = document.createElement('button');
    reload.type = 'button';
    reload.id = 'reload';
    reload.textContent = t('reload');
    reload.addEventListener('click', () => post('/api/reload', {}));
    status.append(' ', reload);
  }
}

// The sources, for the list's picker (and the licences a new source may name by short name).
async function loadSources() {
  const data = await getJSON('/api/sources');
  const pickSource = $('#source-pick');
  const all = pickSource.options[0];
  pickSource.replaceChildren(all);
  for (const src of data.sources) {
    const option = document.createElement('option');
    option.value = src.iri;
    option.textContent = `${src.title} (${src.id}, ${src.sentences})`;
    pickSource.append(option);
  }
  pickSource.value = state.source;
  const licences = $('#licences');
  licences.replaceChildren();
  for (const name of data.licences) {
    const option = document.createElement('option');
    option.value = name;
    licences.append(option);
  }
}

// One page of the sentences of the chosen source (a long source opens at once); `number`:
// the page holding that sentence.
async function loadSentences(number) {
  const list = $('#sentences');
  const where = number ? `number=${encodeURIComponent(number)}` : `offset=${state.offset}`;
  const page = await getJSON(`/api/sentences/page?source=${encodeURIComponent(state.source)}&${where}&limit=${state.limit}`);
  state.offset = page.offset;
  state.total = page.total;
  list.replaceChildren();
  for (const s of page.sentences) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.iri = s.iri;
    button.textContent = `${s.ref}. ${s.text.slice(0, 28)}… (${s.statements})`;
    if (s.iri === state.sentence) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => openSentence(s.iri));
    item.append(button);
    list.append(item);
  }
  const last = page.offset + page.sentences.length;
  $('#page-info').textContent = t('pageInfo', { first: page.total ? page.offset + 1 : 0, last, total: page.total });
  $('#prev-page').disabled = page.offset === 0;
  $('#next-page').disabled = last >= page.total;
  return page;
}

$('#source-pick').addEventListener('change', async () => {
  state.source = $('#source-pick').value;
  state.offset = 0;
  const page = await loadSentences();
  if (page.sentences.length) await openSentence(page.sentences[0].iri);
});
$('#prev-page').addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); loadSentences(); });
$('#next-page').addEventListener('click', () => { state.offset += state.limit; loadSentences(); });
$('#goto-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const number = $('#goto').value.trim();
  if (!/^[0-9]+$/.test(number)) return;
  const page = await loadSentences(number);
  const found = page.sentences.find((s) => String(s.number) === number);
  if (found) await openSentence(found.iri);
});

// The sentence, its quoted words marked and the known names it mentions underlined.
function renderSentence(text, statements, mentions) {
  const quoted = new Array(text.length).fill(false);
  for (const st of statements) for (const [a, b] of st.spans) quoted.fill(true, a, b);
  const named = new Array(text.length).fill(false);
  for (const m of mentions) named.fill(true, m.start, m.end);
  const p = $('#sentence');
  p.replaceChildren();
  let i = 0;
  while (i < text.length) {
    let j = i + 1;
    while (j < text.length && quoted[j] === quoted[i] && named[j] === named[i]) j += 1;
    let node = document.createTextNode(text.slice(i, j));
    if (named[i]) {
      const span = document.createElement('span');
      span.className = 'name';
      span.append(node);
      node = span;
    }
    if (quoted[i]) {
      const mark = document.createElement('mark');
      mark.append(node);
      node = mark;
    }
    p.append(node);
    i = j;
  }
}

async function openSentence(iri) {
  const data = await getJSON(`/api/sentence?iri=${encodeURIComponent(iri)}`);
  state.sentence = iri;
  state.text = data.text;
  state.mentions = data.mentions;
  $('#undo').disabled = !data.undo;
  $('#sentence-title').textContent = t('sentence', { n: data.ref });
  renderSentence(data.text, data.statements, data.mentions);
  for (const b of document.querySelectorAll('#sentences button')) {
    b.toggleAttribute('aria-current', b.dataset.iri === iri);
    if (b.dataset.iri === iri) b.setAttribute('aria-current', 'true');
  }
  const list = $('#statements');
  list.replaceChildren();
  for (const st of data.statements) {
    const item = document.createElement('li');
    item.dataset.iri = st.iri;
    const said = document.createElement('span');
    said.textContent = `${st.subject.label} — ${st.relation.label} — ${st.object.label} `;
    const basis = document.createElement('span');
    basis.className = 'basis';
    basis.textContent = `[${st.basis}] „${st.quotes.join(' … ')}“ `;
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.className = 'edit';
    edit.textContent = t('edit');
    edit.addEventListener('click', () => startEdit(st));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = t('delete');
    remove.addEventListener('click', () => post('/api/remove', { iri: st.iri }));
    const page = document.createElement('a');
    page.href = st.iri.replace('https://w3id.org/stalin-kg', '');
    page.className = 'page';
    page.target = 'kg-page';
    page.textContent = t('page');
    item.append(said, basis, edit, remove, ' ', page);
    list.append(item);
  }
  suggestAll();
}

// The selection inside the sentence, as character offsets of its text.
function selectionSpan() {
  const selection = window.getSelection();
  const p = $('#sentence');
  if (!selection.rangeCount) return null;
  const range = selection.getRangeAt(0);
  if (!p.contains(range.startContainer) || !p.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(p);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  const end = start + range.toString().length;
  return end > start ? [start, end] : null;
}

function setQuote(spans) {
  state.spans = spans;
  $('#quote').textContent = spans.map(([a, b]) => state.text.slice(a, b)).join(' … ');
}

document.addEventListener('selectionchange', () => {
  const span = selectionSpan();
  if (span) setQuote([span]);
});

// The latest question of each suggestion box: an answer to an older one, arriving after it, is
// dropped (else the names for an empty field could replace those for what was just typed).
const asked = new Map();

function ask(box) {
  const turn = (asked.get(box) || 0) + 1;
  asked.set(box, turn);
  return () => asked.get(box) === turn;
}

// Name suggestions: the names of the sentence first, then any label or alias (fuzzy).
async function suggest(input) {
  const box = document.querySelector(`.suggest[data-for="${input.name}"]`);
  if (!box || !state.sentence) return;
  const q = input.dataset.iri ? '' : input.value;
  const url = `/api/names?q=${encodeURIComponent(q)}&sentence=${encodeURIComponent(state.sentence)}`;
  const latest = ask(box);
  const names = await getJSON(url);
  if (!latest()) return;
  box.replaceChildren();
  if (input.dataset.iri) return; // picked while the names were on their way
  for (const n of names.slice(0, 8)) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${n.label} (${n.curie})`;
    button.title = [n.label_en, ...n.aliases].join(', ');
    if (n.inSentence) button.className = 'in-sentence';
    button.addEventListener('click', () => pick(input, n.iri, n.label));
    item.append(button);
    box.append(item);
  }
}

function pick(input, iri, label) {
  input.value = label;
  input.dataset.iri = iri;
  const box = document.querySelector(`.suggest[data-for="${input.name}"]`);
  if (box) box.replaceChildren();
}

function suggestAll() {
  for (const input of form.querySelectorAll('input[data-pick]')) if (!input.dataset.iri) suggest(input);
}

for (const input of form.querySelectorAll('input[data-pick]')) {
  input.addEventListener('input', () => { delete input.dataset.iri; suggest(input); });
}

// Relation suggestions: any of a relation's names, German or English, fuzzy.
async function suggestRelation() {
  const box = document.querySelector('.suggest[data-for="relation"]');
  const q = form.relation.value.trim();
  box.replaceChildren();
  const latest = ask(box);
  if (!q || state.relations.some((r) => r.name === q)) return;
  const found = await getJSON(`/api/relations?q=${encodeURIComponent(q)}`);
  if (!latest()) return;
  box.replaceChildren();
  for (const r of found) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${r.label} (rel:${r.name})`;
    button.title = r.label_en;
    button.addEventListener('click', () => { form.relation.value = r.name; box.replaceChildren(); });
    item.append(button);
    box.append(item);
  }
}

form.relation.addEventListener('input', suggestRelation);

form.basis.addEventListener('change', () => { form.dataset.basis = form.basis.value; });

const list = (value) => value.split(',').map((x) => x.trim()).filter(Boolean);
const entityOf = (input) => input.dataset.iri || input.value;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = {
    iri: form.iri.value || undefined,
    sentence: state.sentence,
    spans: state.spans,
    quotes: state.spans.length ? [] : state.quotes || [],
    subject: entityOf(form.subject),
    relation: relationOf(form.relation.value),
    object: entityOf(form.object),
    basis: form.basis.value,
    part: form.part.value,
    claimant: form.basis.value === 'reported' ? entityOf(form.claimant) : '',
    note: form.note.value,
    at: form.at.value, start: form.start.value, end: form.end.value,
    after: list(form.after.value), before: list(form.before.value), because: list(form.because.value),
  };
  const data = await post('/api/statement', body);
  if (data.ok) resetForm();
});

function relationOf(value) {
  const found = state.relations.find((r) => `${r.label} (${r.name})` === value);
  return found ? found.name : value;
}

function resetForm() {
  form.reset();
  form.iri.value = '';
  form.dataset.basis = 'stated';
  for (const input of form.querySelectorAll('input[data-pick]')) delete input.dataset.iri;
  state.spans = [];
  state.quotes = [];
  $('#quote').textContent = '';
  $('#form-legend').textContent = t('newStatement');
  $('#cancel-edit').hidden = true;
  suggestAll();
}

function startEdit(st) {
  form.iri.value = st.iri;
  pick(form.subject, st.subject.iri, st.subject.label);
  form.relation.value = st.relation.name;
  if (st.object.iri) pick(form.object, st.object.iri, st.object.label);
  else form.object.value = st.object.value;
  form.basis.value = st.basis;
  form.dataset.basis = st.basis;
  form.part.value = st.part || 'relation';
  if (st.claimant) pick(form.claimant, st.claimant.iri, st.claimant.label);
  form.note.value = st.note || '';
  form.at.value = st.dates.at || '';
  form.start.value = st.dates.start || '';
  form.end.value = st.dates.end || '';
  form.after.value = st.after.join(', ');
  form.before.value = st.before.join(', ');
  form.because.value = st.because.join(', ');
  state.spans = [];
  state.quotes = st.quotes;
  $('#quote').textContent = st.quotes.join(' … ');
  $('#form-legend').textContent = t('editing', { statement: st.curie });
  $('#cancel-edit').hidden = false;
}

$('#cancel-edit').addEventListener('click', resetForm);
$('#undo').addEventListener('click', () => post('/api/undo', {}));

$('#entity-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = event.target;
  const data = await post('/api/entity', {
    kind: f.kind.value, label_de: f.label_de.value, label_en: f.label_en.value, aliases: f.aliases.value,
  });
  if (data.ok && f.target.value) pick(form[f.target.value], data.node, f.label_de.value);
  if (data.ok) f.reset();
});

$('#relation-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = event.target;
  const data = await post('/api/relation', {
    name: f.name.value, label_de: f.label_de.value, label_en: f.label_en.value,
    inverse_de: f.inverse_de.value, inverse_en: f.inverse_en.value, definition: f.definition.value,
    domain: f.domain.value, range: f.range.value, symmetric: f.symmetric.checked,
  });
  if (data.ok) {
    form.relation.value = f.name.value;
    f.reset();
    await loadRelations();
  }
});

// A new source, as `kg source add` adds it: a file's bytes (base64) or the pasted text.
function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

$('#source-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = event.target;
  const body = {
    id: f.id.value, title: f.title.value, url: f.url.value, licence: f.licence.value,
    lang: f.lang.value, author: f.author.value, date: f.date.value,
  };
  const file = f.file.files[0];
  if (file) {
    body.name = file.name;
    body.data = base64(new Uint8Array(await file.arrayBuffer()));
  } else {
    body.text = f.text.value;
  }
  const data = await post('/api/source', body);
  if (!data.ok) return;
  f.reset();
  state.source = data.node;
  state.offset = 0;
  await loadSources();
  const page = await loadSentences();
  if (page.sentences.length) await openSentence(page.sentences[0].iri);
});

async function loadRelations() {
  state.relations = await getJSON('/api/relations');
  const options = $('#relation-list');
  options.replaceChildren();
  for (const r of state.relations) {
    const option = document.createElement('option');
    option.value = r.name;
    option.label = `${r.label} / ${r.label_en}`;
    options.append(option);
  }
}

await loadRelations();
await loadSources();
await loadSentences();
const first = document.querySelector('#sentences button');
if (first) await openSentence(first.dataset.iri);
document.body.dataset.ready = 'true';
