// The business-scope picker (/scope): search the catalogue, add entries,
// order them (main business first), see the composed text, the licences
// and the departments, copy the result.
import {
  $, h, api, isAbort, showError, clearError, safeMarkup, debounce, latest,
  kindLabel, timingLabel, badge, copyText, draft, saveDraft,
} from './common.js';

const qIn = $('#scope-q');
const kindIn = $('#scope-kind');
const searchStatus = $('#search-status');
const searchError = $('#search-error');
const hitsList = $('#hits');
const chosenList = $('#chosen');
const moveStatus = $('#move-status');
const composeError = $('#compose-error');

// chosen entries, in order: {code, wording, kind, license_timing, departments, licenses}
let chosen = [];
let composition = null;
let lastHits = [];

const searches = latest();
const composes = latest();
const searchLater = debounce(() => search(), 300);
const composeLater = debounce(() => compose(), 150);

async function search() {
  searchLater.cancel();
  const q = qIn.value.trim();
  if (!q) {
    searches.cancel();
    hitsList.replaceChildren();
    searchStatus.textContent = '';
    clearError(searchError);
    return;
  }
  const { signal, id } = searches.start();
  searchStatus.textContent = '正在检索…';
  const params = new URLSearchParams({ q, limit: '10' });
  if (kindIn.value) params.set('kind', kindIn.value);
  try {
    const res = await api(`/api/v1/scope/search?${params}`, { signal });
    if (!searches.current(id)) return;
    clearError(searchError);
    lastHits = res.hits || [];
    renderHits();
    searchStatus.textContent = lastHits.length ? `找到 ${res.total ?? lastHits.length} 个条目` : '没有找到相关条目，请换个说法试试';
  } catch (e) {
    if (isAbort(e) || !searches.current(id)) return;
    searchStatus.textContent = '检索未完成';
    showError(searchError, e);
  }
}

function kindBadge(e) {
  const label = kindLabel[e.kind] || e.kind;
  const timing = e.kind === 'licensed' && e.license_timing ? `·${timingLabel[e.license_timing] || e.license_timing}` : '';
  return badge(label + timing, `kind-${e.kind}`);
}

function renderHits() {
  const codes = new Set(chosen.map((c) => c.code));
  hitsList.replaceChildren(...lastHits.map((e) => {
    const added = codes.has(e.code);
    return h('li', { class: 'hit', 'data-code': e.code },
      h('div', { class: 'row' },
        h('div', null,
          h('p', { class: 'nm hl' }, safeMarkup(e.highlight || e.wording)),
          h('div', { class: 'meta-row' }, kindBadge(e), h('span', null, `条目代码 ${e.code}`))),
        h('button', {
          type: 'button', class: added ? 'secondary small' : 'small', disabled: added,
          'aria-label': added ? `已添加：${e.wording}` : `添加：${e.wording}`,
          onclick: () => add(e),
        }, added ? '已添加' : '添加')),
      e.explanation ? h('p', { class: 'explain' }, e.explanation) : null,
      (e.licenses || []).length ? h('p', { class: 'explain' },
        `许可事项：${e.licenses.map((l) => l.item).join('；')}`) : null);
  }));
}

function add(e) {
  if (chosen.some((c) => c.code === e.code)) return;
  chosen.push({
    code: e.code, wording: e.wording, kind: e.kind, license_timing: e.license_timing || '',
    departments: e.departments || [], licenses: e.licenses || [],
  });
  announce(`已添加“${e.wording}”，位于第 ${chosen.length} 项`);
  changed();
  renderHits();
  // Keep the keyboard where it was: on the next result's button, or the search box.
  const next = hitsList.querySelector('button:not([disabled])');
  (next || qIn).focus();
}

function move(i, to, focus = true) {
  if (to < 0 || to >= chosen.length || to === i) return;
  const [e] = chosen.splice(i, 1);
  chosen.splice(to, 0, e);
  announce(to === 0 ? `“${e.wording}”已设为主营项目` : `“${e.wording}”已移至第 ${to + 1} 项`);
  changed();
  if (focus) focusEntry(e.code);
}

function remove(i) {
  const [e] = chosen.splice(i, 1);
  announce(`已移除“${e.wording}”`);
  changed();
  renderHits();
  const next = chosen[Math.min(i, chosen.length - 1)];
  if (next) focusEntry(next.code);
  else qIn.focus();
}

function focusEntry(code) {
  const li = chosenList.querySelector(`li[data-code="${CSS.escape(code)}"]`);
  if (li) li.focus();
}

function announce(text) {
  moveStatus.textContent = text;
}

function renderChosen() {
  $('#chosen-empty').hidden = chosen.length > 0;
  chosenList.replaceChildren(...chosen.map((e, i) => h('li', {
    class: 'entry', tabindex: '0', 'data-code': e.code,
    'aria-label': `第 ${i + 1} 项${i === 0 ? '（主营）' : ''}：${e.wording}`,
    onkeydown: (ev) => onEntryKey(ev, i),
  },
  h('div', { class: 'row' },
    h('div', { class: 'label' },
      i === 0 ? badge('主营', 'main') : h('span', { class: 'muted' }, `${i + 1}.`), ' ',
      e.wording, ' ', kindBadge(e)),
    h('div', { class: 'tools' },
      i > 0 ? h('button', { type: 'button', class: 'secondary small', 'aria-label': `上移：${e.wording}`, onclick: () => move(i, i - 1) }, '上移') : null,
      i < chosen.length - 1 ? h('button', { type: 'button', class: 'secondary small', 'aria-label': `下移：${e.wording}`, onclick: () => move(i, i + 1) }, '下移') : null,
      i > 0 ? h('button', { type: 'button', class: 'secondary small', 'aria-label': `设为主营：${e.wording}`, onclick: () => move(i, 0) }, '设为主营') : null,
      h('button', { type: 'button', class: 'danger small', 'aria-label': `移除：${e.wording}`, onclick: () => remove(i) }, '移除'))))));
}

function onEntryKey(ev, i) {
  if (ev.target !== ev.currentTarget) return; // keys on the buttons keep their meaning
  if (ev.altKey && ev.key === 'ArrowUp') { ev.preventDefault(); move(i, i - 1); }
  else if (ev.altKey && ev.key === 'ArrowDown') { ev.preventDefault(); move(i, i + 1); }
  else if (ev.key === 'ArrowUp' && i > 0) { ev.preventDefault(); focusEntry(chosen[i - 1].code); }
  else if (ev.key === 'ArrowDown' && i < chosen.length - 1) { ev.preventDefault(); focusEntry(chosen[i + 1].code); }
  else if (ev.key === 'Home' && ev.altKey) { ev.preventDefault(); move(i, 0); }
  else if (ev.key === 'Delete' || ev.key === 'Backspace') { ev.preventDefault(); remove(i); }
}

function changed() {
  renderChosen();
  save();
  if (chosen.length === 0) {
    composes.cancel();
    composition = null;
    $('#composed').hidden = true;
    return;
  }
  composeLater();
}

function save() {
  saveDraft({
    scope: {
      items: chosen,
      codes: chosen.map((c) => c.code),
      text: composition ? composition.text : '',
      pre_approval: composition ? !!composition.pre_approval : false,
      reservation_months: composition ? composition.reservation_months : 0,
    },
  });
}

async function compose() {
  composeLater.cancel();
  const { signal, id } = composes.start();
  const body = { codes: chosen.map((c) => c.code) };
  const d = draft();
  if (d.industry_code) body.industry = d.industry_code;
  $('#composed').setAttribute('aria-busy', 'true');
  try {
    const res = await api('/api/v1/scope/compose', { method: 'POST', body, signal });
    if (!composes.current(id)) return;
    clearError(composeError);
    composition = res;
    renderComposition();
    save();
  } catch (e) {
    if (isAbort(e) || !composes.current(id)) return;
    composition = null;
    $('#composed').hidden = false;
    $('#scope-text').textContent = '';
    showError(composeError, e);
  } finally {
    if (composes.current(id)) $('#composed').removeAttribute('aria-busy');
  }
}

function renderComposition() {
  const c = composition;
  $('#composed').hidden = false;
  $('#scope-text').textContent = c.text;
  $('#copy-status').textContent = '';

  const pre = $('#pre-approval');
  pre.hidden = !c.reservation_months;
  pre.textContent = c.pre_approval
    ? `所选条目含前置许可项目，须在登记前取得许可；名称保留期为 ${c.reservation_months} 个月。`
    : `名称保留期为 ${c.reservation_months} 个月。`;

  const cons = $('#consistency');
  const k = c.consistency;
  cons.hidden = !(k && k.message);
  if (k && k.message) {
    cons.className = `alert ${k.status === 'consistent' ? 'ok' : k.status === 'inconsistent' ? '' : 'info'}`;
    cons.textContent = k.message;
  }

  const wording = Object.fromEntries(chosen.map((e) => [e.code, e.wording]));
  const lic = c.licenses || [];
  $('#no-licenses').hidden = lic.length > 0;
  $('#licenses').hidden = lic.length === 0;
  $('#licenses tbody').replaceChildren(...lic.map((l) => h('tr', null,
    h('td', { 'data-label': '许可事项' }, l.item, l.document ? h('div', { class: 'small muted' }, `证件：${l.document}`) : null),
    h('td', { 'data-label': '类别' }, l.timing ? (timingLabel[l.timing] || l.timing) : '备案'),
    h('td', { 'data-label': '审批部门' }, l.approving_dept_name || '—'),
    h('td', { 'data-label': '监管部门' }, l.supervising_dept_name || '—'),
    h('td', { 'data-label': '对应条目' }, (l.codes || []).map((code) => wording[code] || code).join('；')))));

  // Departments: every approving or supervising department of the licences
  // and of the chosen entries, once each.
  const depts = new Map();
  const note = (name, role) => {
    if (!name) return;
    const roles = depts.get(name) || new Set();
    roles.add(role);
    depts.set(name, roles);
  };
  for (const l of lic) {
    note(l.approving_dept_name, '审批');
    note(l.supervising_dept_name, '监管');
  }
  for (const e of chosen) {
    for (const d of e.departments) {
      if (d.approves) note(d.name, '审批');
      if (d.supervises) note(d.name, '监管');
      if (!d.approves && !d.supervises) note(d.name, '告知');
    }
  }
  $('#departments').replaceChildren(...(depts.size
    ? [...depts].map(([name, roles]) => h('li', null, `${name}（${[...roles].join('、')}）`))
    : [h('li', { class: 'muted' }, '无需告知其他部门。')]));
}

$('#copy').addEventListener('click', async () => {
  const status = $('#copy-status');
  if (!composition) return;
  const ok = await copyText(composition.text);
  status.textContent = ok ? '已复制到剪贴板' : '复制失败，请手动选中上方文字复制';
});

qIn.addEventListener('input', () => searchLater());
kindIn.addEventListener('change', () => search());
$('#search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  search();
});

function init() {
  const d = draft();
  if (d.name) {
    const p = $('#for-name');
    p.textContent = `正在为“${d.name}”选择经营范围。`;
    p.hidden = false;
  }
  if (d.scope && Array.isArray(d.scope.items)) {
    chosen = d.scope.items.filter((e) => e && e.code);
    changed();
  }
  document.documentElement.dataset.ready = 'true';
}

init();
