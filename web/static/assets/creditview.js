// What the credit pages share: labels, the API's errors in its own words,
// the credit file's lists and events, and the list view (经营异常名录,
// 严重违法失信名单, 守信激励名单) with search and pages, used by the public
// list page and the staff credit page alike.
import { $, h, api, ApiError, isAbort, clearError, latest, badge, describeError } from './common.js';

/** The three lists: API name → title. */
export const lists = {
  abnormal: '经营异常名录',
  serious: '严重违法失信名单',
  red: '守信激励名单（红名单）',
};

export const penaltyKindLabel = {
  warning: '警告',
  criticism: '通报批评',
  fine: '罚款',
  confiscation: '没收违法所得、没收非法财物',
  suspension: '责令停产停业',
  qualification_downgrade: '降低资质等级',
  licence_revocation: '吊销许可证件',
  business_licence_revocation: '吊销营业执照',
  restriction: '限制开展生产经营活动或限制从业',
  other: '其他行政处罚',
};

export const domainLabel = {
  food: '食品', drugs: '药品', medical_devices: '医疗器械', cosmetics: '化妆品', special_equipment: '特种设备', other: '其他',
};

export const procedureLabel = { simple: '简易程序', ordinary: '普通程序' };

/** USCC_RE is the shape of a unified social credit code (the server checks the check character). */
export const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * creditMessage is the message shown for a failed credit request: the
 * server's own Chinese words where it gave them (a refusal, a conflict,
 * what is missing or not found), else the common description.
 */
export function creditMessage(err) {
  if (!(err instanceof ApiError)) return '发生了意外错误，请刷新页面后重试。';
  const said = err.serverMessage;
  if (said && said !== '没有这个接口') {
    switch (err.status) {
      case 400: return `提交的内容有误：${said}`;
      case 403: return `无权执行此操作：${said}`;
      case 404: return said;
      case 409: return `未能办理：${said}`;
    }
  }
  return err.message || describeError(err.status, said);
}

/** showCreditError puts err's message into box (role="alert"). */
export function showCreditError(box, err) {
  if (isAbort(err)) return;
  box.textContent = creditMessage(err);
  box.hidden = false;
  if (!(err instanceof ApiError)) console.error(err);
}

/** dash shows an empty value as a dash. */
export const dash = (v) => (v === undefined || v === null || v === '' ? '—' : v);

/**
 * listingItems renders an enterprise's listings (from its credit file):
 * the current ones first. extra(listing) may add content (staff actions).
 */
export function listingItems(listings, title, extra) {
  return (listings || []).map((l) => {
    // A red-list record has a state: only an inclusion is "列入中".
    const current = !l.removed_on && (!l.state || l.state === 'listed');
    const gone = l.state && l.state !== 'listed' && l.state !== 'removed' ? redState(l) : '已移出';
    return h('li', { class: `listing ${current ? 'current' : 'removed'}`, 'data-id': l.id },
      h('div', { class: 'row' },
        h('strong', null, title), ' ',
        current ? badge('列入中', 'listed') : badge(gone, 'st-cancelled')),
      h('p', { class: 'msg' }, `${l.grounds ? '守信事实' : '列入原因'}：${dash(l.reason_label || l.reason || l.grounds)}`),
      l.until && current ? h('p', { class: 'small' }, `有效至 ${l.until}`) : null,
      h('div', { class: 'meta-row' },
        h('span', null, `列入日期：${dash(l.listed_on)}`),
        h('span', null, `作出决定机关：${dash(l.dept)}`),
        l.serious_from && current ? h('span', null, `满三年之日：${l.serious_from}`) : null),
      l.basis ? h('p', { class: 'cite' }, `依据：${l.basis}`) : null,
      !current ? h('p', { class: 'small' }, `${l.removed_on} 移出${l.removal_reason ? `：${l.removal_reason}` : ''}`) : null,
      docLinks([[l.document_id, l.document_no], [l.removal_document_id, l.removal_document_no]]),
      extra ? extra(l) : null);
  });
}

/**
 * docLink links to the printable page of a numbered document (决定书、
 * 告知书); token (a party's) travels in the fragment, never to the server's
 * logs.
 */
export function docLink(id, no, token) {
  if (!id) return null;
  const href = `/credit/docs/${encodeURIComponent(id)}${token ? `#token=${encodeURIComponent(token)}` : ''}`;
  return h('a', { href, class: 'doc-link', 'data-doc': id }, no || '查看文书');
}

/** docLinks is a line of document links, or nothing. */
export function docLinks(pairs) {
  const links = pairs.filter(([id]) => id).map(([id, no]) => docLink(id, no));
  if (!links.length) return null;
  const out = [];
  links.forEach((a, i) => { if (i) out.push('、'); out.push(a); });
  return h('p', { class: 'small docs' }, '文书：', out);
}

/** redState is a red-list record's state in Chinese on the day (YYYY-MM-DD). */
export function redState(r, day) {
  if (r.state === 'announced') return day && day > r.announce_until ? '公示期满待决定' : '公示中';
  if (r.state === 'listed') return day && r.until && day > r.until ? '有效期届满' : '已列入';
  if (r.state === 'removed') return '已移出';
  return '不予列入';
}

/**
 * eventRows renders credit events as table rows: date, kind, department,
 * summary with the legal basis, and publication. With staff, every event
 * with its publication state and superseded events marked.
 */
export function eventRows(events, staff) {
  const byID = Object.fromEntries((events || []).map((e) => [e.id, e]));
  return (events || []).map((e) => {
    const superseded = staff && e.superseded_by;
    const pub = [];
    if (staff) {
      if (superseded) {
        const by = byID[e.superseded_by];
        pub.push(badge(`已被${by ? by.kind_label : '更正或撤回'}`, 'superseded'),
          h('div', { class: 'small muted' }, `见 ${e.superseded_by}`));
      } else if (e.visible) {
        pub.push(badge('公示中', 'st-active'));
      } else if (e.public) {
        pub.push(badge('已不在公示期', 'st-cancelled'));
      } else {
        pub.push(badge('不公示', 'st-reserved'));
      }
    }
    if (e.public_until && !superseded) pub.push(h('div', { class: 'small until' }, `公示至 ${e.public_until}`));
    return h('tr', { 'data-id': e.id, 'data-kind': e.kind, class: superseded ? 'superseded' : '' },
      h('td', { 'data-label': '日期', class: 'nowrap' }, dash(e.date)),
      h('td', { 'data-label': '类别' }, dash(e.kind_label || e.kind)),
      h('td', { 'data-label': '部门' }, dash(e.dept)),
      h('td', { 'data-label': '内容' },
        h('div', { class: 'prewrap' }, dash(e.summary)),
        e.penalty ? penaltyLine(e.penalty) : null,
        e.basis ? h('p', { class: 'cite' }, `依据：${e.basis}`) : null,
        e.supersedes ? h('p', { class: 'cite' }, `更正或撤回 ${e.supersedes}`) : null,
        staff ? h('p', { class: 'cite' }, `记录编号 ${e.id}${e.actor ? `；操作：${actorText(e.actor)}` : ''}`) : null),
      h('td', { 'data-label': '公示' }, pub.length ? pub : '—'));
  });
}

function penaltyLine(p) {
  const items = (p.penalties || []).map((i) => {
    let s = penaltyKindLabel[i.kind] || i.kind;
    if (i.amount_yuan) s += ` ${i.amount_yuan} 元`;
    if (i.months) s += ` ${i.months} 个月`;
    if (i.text) s += `（${i.text}）`;
    return s;
  });
  return h('p', { class: 'small' },
    `${p.decision_no || ''} ${p.authority || ''}；${procedureLabel[p.procedure] || p.procedure || ''}；${domainLabel[p.domain] || p.domain || ''}；${items.join('、')}`,
    p.publication ? h('span', { class: 'muted' }, `。${p.publication}`) : null);
}

function actorText(a) {
  const who = [a.holder, a.dept].filter(Boolean).join('，');
  return who || (a.role === 'system' ? '系统' : `${a.role}${a.key_id ? ` ${a.key_id}` : ''}`);
}

/**
 * mountListView runs the list view inside root (the markup of
 * listViewMarkup's ids, prefixed by id): the list chosen by its tab links,
 * a search, pages from 1 and the empty state; the state is kept in the
 * address (?list=&q=&page=&size=). fileLink(uscc) is where a name leads.
 * It returns ready, settled once the first page is shown or refused, and
 * reload, which shows the current page again.
 */
export function mountListView({ prefix, fileLink, staff = false }) {
  const el = (s) => $(`#${prefix}-${s}`);
  const form = el('form');
  const qIn = el('q');
  const sizeIn = el('size');
  const statusLine = el('status');
  const errorBox = el('error');
  const runner = latest();
  const state = { list: 'abnormal', q: '', page: 1, size: 20 };

  const params = new URLSearchParams(location.search);
  if (lists[params.get('list')]) state.list = params.get('list');
  state.q = (params.get('q') || '').slice(0, 100);
  const p = Number.parseInt(params.get('page') || '1', 10);
  state.page = p >= 1 ? p : 1;
  const sz = params.get('size');
  if ([...sizeIn.options].some((o) => o.value === sz)) state.size = Number(sz);
  qIn.value = state.q;
  sizeIn.value = String(state.size);

  function keep() {
    const next = new URLSearchParams(location.search);
    next.set('list', state.list);
    if (state.q) next.set('q', state.q); else next.delete('q');
    next.set('page', String(state.page));
    next.set('size', String(state.size));
    history.replaceState(null, '', `?${next}`);
  }

  function tabs() {
    for (const a of document.querySelectorAll(`#${prefix}-tabs a[data-list]`)) {
      const on = a.dataset.list === state.list;
      if (on) a.setAttribute('aria-current', 'true'); else a.removeAttribute('aria-current');
    }
    el('title').textContent = lists[state.list];
  }

  async function load(focusTable) {
    const { signal, id } = runner.start();
    tabs();
    statusLine.textContent = '正在加载…';
    const q = new URLSearchParams({ page: String(state.page), page_size: String(state.size) });
    if (state.q) q.set('q', state.q);
    try {
      const res = await api(`/api/v1/credit/lists/${state.list}?${q}`, { signal, staff });
      if (!runner.current(id)) return;
      clearError(errorBox);
      render(res);
      keep();
      if (focusTable) el('results').focus();
    } catch (e) {
      if (isAbort(e) || !runner.current(id)) return;
      statusLine.textContent = '';
      showCreditError(errorBox, e);
    }
  }

  function render(res) {
    const items = res.items || [];
    const total = res.total || 0;
    const pages = Math.max(1, Math.ceil(total / state.size));
    const empty = el('empty');
    empty.hidden = items.length > 0;
    if (!items.length) {
      empty.textContent = total > 0 ? `第 ${state.page} 页没有内容，共 ${pages} 页。`
        : state.q ? `${lists[state.list]}中没有与“${state.q}”相符的企业。` : `${lists[state.list]}中目前没有企业。`;
    }
    el('table').hidden = items.length === 0;
    el('table').querySelector('tbody').replaceChildren(...items.map((it) => h('tr', { 'data-uscc': it.uscc, 'data-id': it.id },
      h('td', { 'data-label': '企业名称', class: 'nm' }, h('a', { href: fileLink(it.uscc) }, it.name || it.uscc),
        it.reminder ? h('div', null, badge(`${it.serious_from} 满三年`, 'due-soon')) : null),
      h('td', { 'data-label': '统一社会信用代码', class: 'code' }, it.uscc),
      h('td', { 'data-label': state.list === 'red' ? '守信事实' : '列入原因' }, dash(it.reason_label || it.reason),
        it.basis ? h('p', { class: 'cite' }, it.basis) : null,
        it.until ? h('p', { class: 'small' }, `有效至 ${it.until}`) : null,
        it.document_id ? h('p', { class: 'small' }, '决定书：', docLink(it.document_id, it.document_no)) : null),
      h('td', { 'data-label': '列入日期', class: 'nowrap' }, dash(it.listed_on)),
      h('td', { 'data-label': '作出决定机关' }, dash(it.dept)))));
    statusLine.textContent = total ? `共 ${total} 家企业，第 ${state.page} / ${pages} 页` : '';
    el('pager').hidden = total <= state.size && state.page === 1;
    el('page-info').textContent = `第 ${state.page} / ${pages} 页`;
    el('prev').disabled = state.page <= 1;
    el('next').disabled = state.page >= pages;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    state.q = qIn.value.trim();
    state.size = Number(sizeIn.value);
    state.page = 1;
    load();
  });
  sizeIn.addEventListener('change', () => {
    state.size = Number(sizeIn.value);
    state.page = 1;
    load();
  });
  el('prev').addEventListener('click', () => {
    if (state.page > 1) { state.page -= 1; load(true); }
  });
  el('next').addEventListener('click', () => {
    state.page += 1;
    load(true);
  });
  for (const a of document.querySelectorAll(`#${prefix}-tabs a[data-list]`)) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      state.list = a.dataset.list;
      state.page = 1;
      load();
    });
  }
  return { ready: load(), reload: () => load() };
}
