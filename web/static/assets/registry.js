// The staff registry lookup (/staff/registry): search enterprises by name,
// 字号 or unified social credit code, with the record and its history.
import {
  $, h, api, isAbort, showError, clearError, debounce, latest, statusLabel, badge, formatTime,
  meta, requireStaff, wireSignOut, handleStaffError,
} from './common.js';

if (requireStaff()) {
  wireSignOut();
  start();
}

const actionLabel = {
  'enterprise.create': '新登记',
  'enterprise.update': '登记信息变更',
  'enterprise.protection': '字号保护设置',
  'enterprise.import': '批量导入',
};

const fieldLabel = {
  name: '名称', uscc: '统一社会信用代码', status: '状态', status_date: '状态日期', reserved_until: '保留期至',
  industry_code: '主营行业', authority_code: '登记机关', ent_type: '企业类型', investors: '投资人',
  protected: '字号保护', protected_reason: '保护理由',
};

const entTypes = {};
const authorities = {};
const industries = {};

function start() {
  const form = $('#search-form');
  const q = $('#q');
  const statusLine = $('#search-status');
  const errorBox = $('#search-error');
  const runner = latest();
  const later = debounce(() => search(), 400);

  meta().then((m) => {
    for (const o of m.ent_types) entTypes[o.code] = o.label;
    for (const o of m.authorities) authorities[o.code] = o.label;
    for (const g of m.industries) {
      industries[g.code] = g.label;
      for (const d of g.divisions) industries[d.code] = `${g.code}${d.label}`;
    }
  }).catch(() => { /* labels fall back to codes */ });

  async function search(selectID) {
    later.cancel();
    const text = q.value.trim();
    if ([...text].length < 2) {
      runner.cancel();
      statusLine.textContent = text ? '请至少输入两个字符' : '';
      return;
    }
    const { signal, id } = runner.start();
    statusLine.textContent = '正在查询…';
    try {
      const res = await api(`/api/v1/enterprises?q=${encodeURIComponent(text)}&limit=50`, { signal });
      if (!runner.current(id)) return;
      clearError(errorBox);
      const hits = res.hits || [];
      renderHits(hits);
      statusLine.textContent = `找到 ${res.total ?? hits.length} 家企业`;
      const params = new URLSearchParams({ q: text });
      if (selectID) params.set('id', selectID);
      history.replaceState(null, '', `?${params}`);
      if (selectID) {
        const hit = hits.find((e) => e.id === selectID || e.uscc === selectID);
        if (hit) show(hit, false);
      }
    } catch (e) {
      if (isAbort(e) || !runner.current(id)) return;
      statusLine.textContent = '查询未完成';
      showError(errorBox, e);
    }
  }

  function renderHits(hits) {
    $('#results-section').hidden = false;
    $('#no-results').hidden = hits.length > 0;
    $('#results').hidden = hits.length === 0;
    $('#results tbody').replaceChildren(...hits.map((e) => h('tr', { 'data-id': e.id },
      h('td', { 'data-label': '企业名称' }, e.name),
      h('td', { 'data-label': '统一社会信用代码', class: 'code' }, e.uscc || '—'),
      h('td', { 'data-label': '状态' }, badge(statusLabel[e.status] || e.status, `st-${e.status}`),
        e.status_date ? h('span', { class: 'small muted' }, ` ${e.status_date}`) : null),
      h('td', { 'data-label': '行业', class: 'code' }, e.industry_code || '—'),
      h('td', null, h('button', {
        type: 'button', class: 'secondary small', 'aria-label': `查看${e.name}的详情`,
        onclick: () => show(e, true),
      }, '查看详情')))));
  }

  async function show(e, focus) {
    const detail = $('#detail');
    const errBox = $('#detail-error');
    detail.hidden = false;
    clearError(errBox);
    $('#detail-title').textContent = e.name;
    const rows = [
      ['统一社会信用代码', e.uscc || '—（尚未登记）'],
      ['状态', statusLabel[e.status] || e.status],
      e.status_date ? ['状态日期', e.status_date] : null,
      e.reserved_until ? ['保留期至', e.reserved_until] : null,
      ['字号', e.trade_name || '—'],
      ['行业表述', e.industry_expr || '—'],
      ['主营行业', industryName(e.industry_code)],
      ['登记机关', authorities[e.authority_code] || e.authority_code],
      e.ent_type ? ['企业类型', entTypes[e.ent_type] || e.ent_type] : null,
      e.investors && e.investors.length ? ['投资人', e.investors.join('、')] : null,
      ['字号保护', e.protected ? `受保护${e.protected_reason ? `（${e.protected_reason}）` : ''}` : '否'],
      ['记录创建', formatTime(e.created_at)],
      ['最近更新', formatTime(e.updated_at)],
    ].filter(Boolean);
    $('#detail-fields').replaceChildren(...rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
    const params = new URLSearchParams(location.search);
    params.set('id', e.id);
    history.replaceState(null, '', `?${params}`);
    if (focus) detail.focus();

    const list = $('#history');
    list.replaceChildren(h('li', null, '正在加载变更记录…'));
    $('#history-empty').hidden = true;
    try {
      const res = await api(`/api/v1/enterprises/${encodeURIComponent(e.id)}/history`, { staff: true });
      const entries = Array.isArray(res) ? res : (res.history || res.entries || []);
      $('#history-empty').hidden = entries.length > 0;
      list.replaceChildren(...entries.slice().reverse().map(entry));
    } catch (err) {
      list.replaceChildren();
      handleStaffError(errBox, err);
    }
  }

  function industryName(code) {
    if (!code) return '—';
    const c = code.toUpperCase();
    const label = industries[c] || industries[c.slice(0, 3)] || industries[c.slice(0, 1)];
    return label && label.startsWith(c) ? label : label ? `${c}（${label}）` : c;
  }

  function entry(a) {
    const changes = [];
    if (a.before && a.after) {
      for (const [k, label] of Object.entries(fieldLabel)) {
        const b = show1(k, a.before[k]);
        const n = show1(k, a.after[k]);
        if (b !== n) changes.push(`${label}：${b || '（空）'} → ${n || '（空）'}`);
      }
    } else if (a.after) {
      changes.push(`名称：${a.after.name}`, `状态：${show1('status', a.after.status)}`);
    }
    if (a.count) changes.push(`共 ${a.count} 条`);
    return h('li', null,
      h('time', { datetime: a.at }, formatTime(a.at)),
      h('strong', null, actionLabel[a.action] || a.action),
      h('span', { class: 'small muted' }, `（操作者：${a.actor || '系统'}）`),
      changes.length ? h('ul', { class: 'reasons' }, ...changes.map((c) => h('li', null, c))) : null);
  }

  function show1(k, v) {
    if (v === undefined || v === null || v === '') return '';
    if (k === 'status') return statusLabel[v] || v;
    if (k === 'ent_type') return entTypes[v] || v;
    if (k === 'authority_code') return authorities[v] || v;
    if (k === 'protected') return v ? '是' : '否';
    if (Array.isArray(v)) return v.join('、');
    return String(v);
  }

  q.addEventListener('input', () => later());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if ([...q.value.trim()].length < 2) {
      errorBox.textContent = '请输入至少两个字符的企业名称、字号或统一社会信用代码。';
      errorBox.hidden = false;
      q.focus();
      return;
    }
    search();
  });

  const params = new URLSearchParams(location.search);
  if (params.get('q')) {
    q.value = params.get('q');
    search(params.get('id') || undefined);
  }
  document.documentElement.dataset.ready = 'true';
}
