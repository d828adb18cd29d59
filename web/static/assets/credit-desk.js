// The staff credit desk (/staff/credit/desk): the credit-repair queue
// (eligibility, deadlines, evidence, approve or refuse with reasons), the
// serious list (candidates, prior notice, statements, decision) and the
// red list (proposal, objections during the announcement, decision,
// removal), each decision with its numbered document.
import { $, h, api, ApiError, clearError, badge, requireStaff, wireSignOut, handleStaffError } from './common.js';
import { showCreditError, docLink, docLinks, redState, dash, USCC_RE } from './creditview.js';

const repairStateLabel = { refused: '不符合条件，已办结', pending: '待决定', approved: '准予修复', rejected: '不予修复' };
const noticeStateLabel = { notified: '陈述申辩期', listed: '已列入', not_listed: '不予列入' };
const criterionLabel = { heavier_penalty: '受到较重行政处罚', abnormal_3_years: '列入经营异常名录届满 3 年', other: '其他情形' };
const targetKindLabel = { abnormal: '经营异常名录', serious: '严重违法失信名单', penalty: '行政处罚信息' };

/** today is the local date as YYYY-MM-DD. */
function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function fail(box, err) {
  if (err instanceof ApiError && err.status === 401) handleStaffError(box, err);
  else showCreditError(box, err);
}

function done(text) {
  const box = $('#desk-done');
  box.textContent = text;
  box.hidden = false;
  clearError($('#desk-error'));
}

let seq = 0;

/**
 * decisionForm is a form with a choice (radio buttons in a fieldset) and
 * a required text; submit(choice, text) runs the request and returns the
 * confirmation, the form shows the refusal in the API's words.
 */
function decisionForm({ cls, id, legend, choices, textLabel, button, submit, extra }) {
  const n = ++seq;
  const err = h('div', { class: 'alert', role: 'alert', hidden: true });
  const radios = choices.map(([value, label], i) => {
    const rid = `${cls}-${n}-${i}`;
    return h('div', { class: 'check' },
      h('input', { type: 'radio', name: `${cls}-${n}`, id: rid, value, checked: i === 0 }),
      h('label', { for: rid }, label));
  });
  const textarea = h('textarea', { id: `${cls}-${n}-text`, maxlength: '2000', rows: '2', required: true });
  const form = h('form', { class: `removal ${cls}`, 'data-id': id, novalidate: true },
    h('fieldset', null, h('legend', null, legend), radios),
    extra || null,
    h('div', { class: 'field' }, h('label', { for: textarea.id }, textLabel), textarea),
    err,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, button)));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(err);
    const text = textarea.value.trim();
    if (!text) {
      err.textContent = `请填写${textLabel}。`;
      err.hidden = false;
      textarea.focus();
      return;
    }
    const choice = form.querySelector('input[type=radio]:checked').value;
    try {
      done(await submit(choice, text, form));
    } catch (ex) {
      fail(err, ex);
    }
  });
  return form;
}

function post(path, body) {
  return api(path, { method: 'POST', body, staff: true });
}

// ---- Credit repair ----

function repairItem(r) {
  const day = today();
  const overdue = r.state === 'pending' && r.decision_due && day > r.decision_due;
  return h('li', { class: `listing ${r.state === 'pending' ? 'current' : 'removed'}`, 'data-id': r.id },
    h('div', { class: 'row' },
      h('strong', null, `${r.id} · ${targetKindLabel[r.target_kind] || r.target_kind} ${r.target}`), ' ',
      badge(repairStateLabel[r.state] || r.state, r.state === 'pending' ? 'due-soon' : 'st-cancelled'),
      overdue ? badge('已超过决定期限', 'overdue') : null),
    h('div', { class: 'meta-row' },
      h('span', { class: 'code' }, r.uscc),
      h('span', null, `申请人：${r.applicant}（${r.contact}）`),
      h('span', null, `提交：${r.filed_on}`),
      r.accept_due ? h('span', { class: 'accept-due' }, `受理期限：${r.accept_due}`) : null,
      r.decision_due ? h('span', { class: 'decision-due' }, `决定期限：${r.decision_due}`) : null,
      h('span', null, `决定部门：${dash(r.dept)}`)),
    h('p', { class: 'msg eligibility' }, r.eligibility.eligible ? '符合申请条件'
      : `不符合条件：${(r.eligibility.reasons || []).join('；')}`),
    h('p', { class: 'prewrap small' }, `申请理由：${r.statement}`),
    h('div', { class: 'small evidence' }, '证明材料：', r.evidence.length
      ? h('ul', null, r.evidence.map((f) => h('li', null, `${f.filename}（${f.size} 字节，SHA-256 ${f.sha256.slice(0, 12)}…）`)))
      : '无'),
    r.decided_on ? h('p', { class: 'small' }, `${r.decided_on} 决定：${dash(r.reasons)}`) : null,
    r.document_id ? h('p', { class: 'small' }, '决定书：', docLink(r.document_id, r.document_no)) : null,
    r.state === 'pending' ? decisionForm({
      cls: 'repair-decision', id: r.id, legend: '修复决定', choices: [['approve', '准予修复'], ['reject', '不予修复']],
      textLabel: '决定理由', button: '作出决定',
      submit: async (choice, reasons) => {
        const out = await post(`/api/v1/credit/repairs/${encodeURIComponent(r.id)}/decision`, { approve: choice === 'approve', reasons });
        await loadRepairs();
        return `已作出信用修复决定（${out.id}：${repairStateLabel[out.state]}，${out.document_no}）。`;
      },
    }) : null);
}

async function loadRepairs() {
  const state = $('#repairs-state').value;
  $('#repairs-status').textContent = '正在加载…';
  try {
    const res = await api(`/api/v1/credit/repairs?state=${state}`, { staff: true });
    const items = res.repairs || [];
    $('#repairs-list').replaceChildren(...items.map(repairItem));
    $('#repairs-empty').hidden = items.length > 0;
    $('#repairs-empty').textContent = state === 'pending' ? '没有待决定的申请。' : '还没有申请。';
    $('#repairs-status').textContent = items.length ? `共 ${items.length} 件` : '';
  } catch (e) {
    $('#repairs-status').textContent = '';
    fail($('#desk-error'), e);
  }
}

// ---- Serious list ----

function candidateItem(c) {
  return h('li', { class: 'listing current', 'data-ref': c.ref },
    h('div', { class: 'row' }, h('strong', null, c.name), ' ', h('span', { class: 'code small' }, c.uscc)),
    h('p', { class: 'msg' }, `${criterionLabel[c.criterion] || c.criterion}：${c.summary}`),
    h('div', { class: 'meta-row' }, h('span', null, `自 ${c.since}`), h('span', null, `记录 ${c.ref}`)),
    h('button', {
      type: 'button', class: 'secondary use-candidate',
      onclick: () => {
        $('#nt-uscc').value = c.uscc;
        $('#nt-criterion').value = c.criterion;
        $('#nt-ref').value = c.ref;
        $('#nt-facts').value = c.summary;
        $('#nt-facts').focus();
      },
    }, '据此发出告知'));
}

function statementForm(n) {
  const k = ++seq;
  const err = h('div', { class: 'alert', role: 'alert', hidden: true });
  const text = h('textarea', { id: `st-text-${k}`, maxlength: '10000', rows: '2', required: true });
  const date = h('input', { id: `st-date-${k}`, type: 'date', required: true, value: today() });
  const form = h('form', { class: 'removal statement', 'data-id': n.id, novalidate: true },
    h('div', { class: 'grid two' },
      h('div', { class: 'field' }, h('label', { for: text.id }, '当事人陈述、申辩'), text),
      h('div', { class: 'field' }, h('label', { for: date.id }, '收到日期'), date)),
    err,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, '记录陈述申辩')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(err);
    if (!text.value.trim()) {
      err.textContent = '请填写陈述申辩的内容。';
      err.hidden = false;
      text.focus();
      return;
    }
    try {
      await post(`/api/v1/credit/serious/notices/${encodeURIComponent(n.id)}/statements`, { text: text.value.trim(), received_on: date.value });
      await loadSerious();
      done(`已记录 ${n.name} 的陈述申辩。`);
    } catch (ex) {
      fail(err, ex);
    }
  });
  return form;
}

function noticeItem(n) {
  const open = n.state === 'notified';
  return h('li', { class: `listing ${open ? 'current' : 'removed'}`, 'data-id': n.id },
    h('div', { class: 'row' }, h('strong', null, `${n.name}`), ' ', h('span', { class: 'code small' }, n.uscc), ' ',
      badge(noticeStateLabel[n.state] || n.state, open ? 'due-soon' : 'st-cancelled')),
    h('p', { class: 'msg' }, `${criterionLabel[n.criterion] || n.criterion}：${n.facts}`),
    h('div', { class: 'meta-row' },
      h('span', null, `告知：${n.issued_on}`),
      h('span', { class: 'statement-due' }, `陈述申辩期至 ${n.statement_due}`),
      h('span', null, `部门：${dash(n.dept)}`)),
    n.statements.length ? h('ul', { class: 'small statements' }, n.statements.map((s) => h('li', null, `${s.received_on} 收到：${s.text}`))) : null,
    n.decided_on ? h('p', { class: 'small' }, `${n.decided_on} 决定：${n.decision}`) : null,
    docLinks([[n.document_id, n.document_no], [n.decision_document_id, n.decision_document_no]]),
    open ? statementForm(n) : null,
    open ? decisionForm({
      cls: 'serious-decision', id: n.id, legend: `陈述申辩期（${n.statement_due}）届满后作出决定`,
      choices: [['list', '列入严重违法失信名单'], ['not_list', '不予列入']], textLabel: '决定理由', button: '作出决定',
      submit: async (choice, reasons) => {
        const out = await post(`/api/v1/credit/serious/notices/${encodeURIComponent(n.id)}/decision`, { list: choice === 'list', reasons });
        await loadSerious();
        return `已作出决定（${noticeStateLabel[out.state]}，${out.decision_document_no}）。`;
      },
    }) : null);
}

async function loadSerious() {
  try {
    const [cs, ns] = await Promise.all([
      api('/api/v1/credit/serious/candidates', { staff: true }),
      api('/api/v1/credit/serious/notices', { staff: true }),
    ]);
    $('#candidates').replaceChildren(...(cs.candidates || []).map(candidateItem));
    $('#candidates-empty').hidden = (cs.candidates || []).length > 0;
    $('#notices').replaceChildren(...(ns.notices || []).map(noticeItem));
    $('#notices-empty').hidden = (ns.notices || []).length > 0;
  } catch (e) {
    fail($('#desk-error'), e);
  }
}

$('#notice-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const err = $('#notice-error');
  clearError(err);
  const uscc = $('#nt-uscc').value.trim().toUpperCase();
  if (!USCC_RE.test(uscc)) {
    err.textContent = '请输入 18 位统一社会信用代码。';
    err.hidden = false;
    $('#nt-uscc').focus();
    return;
  }
  if (!$('#nt-facts').value.trim()) {
    err.textContent = '请填写违法失信事实。';
    err.hidden = false;
    $('#nt-facts').focus();
    return;
  }
  try {
    const n = await post('/api/v1/credit/serious/notices', {
      uscc, criterion: $('#nt-criterion').value, ref: $('#nt-ref').value.trim(),
      facts: $('#nt-facts').value.trim(), basis: $('#nt-basis').value.trim(),
    });
    $('#notice-form').reset();
    await loadSerious();
    done(`已发出告知（${n.document_no}），陈述申辩期至 ${n.statement_due}。当事人查看令牌：${n.party_token}（只显示这一次，随告知书送达）。`);
  } catch (ex) {
    fail(err, ex);
  }
});

// ---- Red list ----

function objectionItem(r, o) {
  return h('li', { class: 'objection', 'data-no': String(o.no) },
    h('p', { class: 'small' }, `第 ${o.no} 号异议（${o.filed_on}，${o.applicant}${o.contact ? `，${o.contact}` : ''}）：${o.statement}`),
    o.state === 'filed' ? decisionForm({
      cls: 'red-objection', id: `${r.id}-${o.no}`, legend: '异议处理', choices: [['dismiss', '异议不成立'], ['uphold', '异议成立（不予列入）']],
      textLabel: '核查意见', button: '处理异议',
      submit: async (choice, reply) => {
        await post(`/api/v1/credit/red/${encodeURIComponent(r.id)}/objections/${o.no}/decision`, { upheld: choice === 'uphold', reply });
        await loadRed();
        return `已处理第 ${o.no} 号异议。`;
      },
    }) : h('p', { class: 'small muted' }, `${o.state === 'upheld' ? '异议成立' : '异议不成立'}：${dash(o.reply)}`));
}

function redItem(r) {
  const day = today();
  const state = redState(r, day);
  const listed = r.state === 'listed' && !(r.until && day > r.until);
  return h('li', { class: `listing ${listed ? 'current' : 'removed'} red`, 'data-id': r.id },
    h('div', { class: 'row' }, h('strong', null, r.name), ' ', h('span', { class: 'code small' }, r.uscc), ' ',
      badge(state, r.state === 'announced' ? 'due-soon' : listed ? 'st-active' : 'st-cancelled')),
    h('p', { class: 'msg' }, `守信事实：${r.grounds}`),
    h('div', { class: 'meta-row' },
      h('span', { class: 'announce' }, `公示期：${r.proposed_on} 至 ${r.announce_until}`),
      r.listed_on ? h('span', null, `列入：${r.listed_on} 至 ${r.until}`) : null,
      h('span', null, `部门：${dash(r.dept)}`)),
    r.decision ? h('p', { class: 'small' }, `决定：${r.decision}`) : null,
    r.removed_on ? h('p', { class: 'small' }, `${r.removed_on} 移出：${r.removal_reason}`) : null,
    docLinks([[r.document_id, r.document_no]]),
    (r.objections || []).length ? h('ol', { class: 'plain objections' }, r.objections.map((o) => objectionItem(r, o))) : null,
    r.state === 'announced' ? decisionForm({
      cls: 'red-decision', id: r.id, legend: `公示期（至 ${r.announce_until}）满后作出决定`,
      choices: [['include', '列入守信激励名单'], ['exclude', '不予列入']], textLabel: '决定理由', button: '作出决定',
      submit: async (choice, reasons) => {
        const out = await post(`/api/v1/credit/red/${encodeURIComponent(r.id)}/decision`, { include: choice === 'include', reasons });
        await loadRed();
        return out.state === 'listed' ? `已列入守信激励名单（${out.document_no}），有效至 ${out.until}。` : '已决定不予列入。';
      },
    }) : null,
    listed ? decisionForm({
      cls: 'red-removal', id: r.id, legend: '移出守信激励名单', choices: [['remove', '因失信行为移出']], textLabel: '移出原因', button: '移出',
      submit: async (_, reason) => {
        await post(`/api/v1/credit/red/${encodeURIComponent(r.id)}/removal`, { reason });
        await loadRed();
        return `已将 ${r.name} 移出守信激励名单。`;
      },
    }) : null);
}

async function loadRed() {
  try {
    const res = await api('/api/v1/credit/red/entries', { staff: true });
    const items = res.items || [];
    $('#reds').replaceChildren(...items.map(redItem));
    $('#reds-empty').hidden = items.length > 0;
  } catch (e) {
    fail($('#desk-error'), e);
  }
}

$('#red-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const err = $('#red-form-error');
  clearError(err);
  const uscc = $('#rd-uscc').value.trim().toUpperCase();
  if (!USCC_RE.test(uscc)) {
    err.textContent = '请输入 18 位统一社会信用代码。';
    err.hidden = false;
    $('#rd-uscc').focus();
    return;
  }
  if (!$('#rd-grounds').value.trim()) {
    err.textContent = '请填写守信事实。';
    err.hidden = false;
    $('#rd-grounds').focus();
    return;
  }
  try {
    const r = await post('/api/v1/credit/red', { uscc, grounds: $('#rd-grounds').value.trim(), basis: $('#rd-basis').value.trim() });
    $('#red-form').reset();
    await loadRed();
    done(`已提出拟列入并公示（${r.id}），公示期至 ${r.announce_until}。`);
  } catch (ex) {
    fail(err, ex);
  }
});

// ---- Tabs ----

const sections = ['repairs', 'serious', 'red'];
const loaders = { repairs: loadRepairs, serious: loadSerious, red: loadRed };

function show(tab, focus) {
  if (!sections.includes(tab)) tab = 'repairs';
  for (const s of sections) $(`#${s}`).hidden = s !== tab;
  for (const a of document.querySelectorAll('#desk-tabs a')) {
    if (a.dataset.tab === tab) a.setAttribute('aria-current', 'true'); else a.removeAttribute('aria-current');
  }
  if (focus) $(`#${tab}`).focus();
  return loaders[tab]();
}

if (requireStaff()) {
  wireSignOut();
  for (const a of document.querySelectorAll('#desk-tabs a')) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      history.replaceState(null, '', `#${a.dataset.tab}`);
      $('#desk-done').hidden = true;
      show(a.dataset.tab, true);
    });
  }
  window.addEventListener('hashchange', () => show(location.hash.slice(1), true));
  $('#repairs-state').addEventListener('change', loadRepairs);
  show(location.hash.slice(1), false).finally(() => { document.documentElement.dataset.ready = 'true'; });
}
