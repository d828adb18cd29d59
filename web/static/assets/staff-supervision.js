// The staff supervision page (/staff/supervision), in tabs: an
// enterprise's new-economy designation and grace period, its guidance
// measures with their follow-up visits, bases of checks and cases (a
// complaint with its verification), opening a case with its explained
// recommendation, the handler's decision and the second signature (法制审核)
// by another person; the new-economy register with its filters; and, for
// admin keys only, the violation catalogue's versions: import a CSV file,
// restore an earlier version.
import {
  $, h, api, ApiError, isAbort, showError, clearError, latest, requireStaff, wireSignOut, handleStaffError, formatTime,
} from './common.js';

const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

const sourceLabel = { auto: '自动认定', manual: '人工认定', none: '未认定' };
const outcomeLabel = { corrected: '已整改到位', partial: '部分整改', not_corrected: '未整改' };
const stateLabel = { open: '待决定', pending_review: '待法制审核', effective: '已生效' };

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function fail(box, err) {
  if (err instanceof ApiError && err.status === 401) handleStaffError(box, err);
  else showError(box, err);
}

/** send runs fn for a form: a busy button, the status line, the error box. */
async function send(button, status, box, fn) {
  clearError(box);
  button.disabled = true;
  status.textContent = '正在提交…';
  try {
    status.textContent = await fn();
    return true;
  } catch (e) {
    status.textContent = '';
    fail(box, e);
    return false;
  } finally {
    button.disabled = false;
  }
}

function start() {
  const runner = latest();
  const input = $('#uscc');
  let current = null;
  let currentCase = null;

  for (const id of ['basis-date', 'basis-verified-on']) $(`#${id}`).value = today();

  loadViolations();

  async function open(code, focus) {
    const { signal, id } = runner.start();
    $('#lookup-status').textContent = '正在打开…';
    try {
      const [p, m] = await Promise.all([
        api(`/api/v1/enterprises/${encodeURIComponent(code)}/supervision`, { signal, staff: true }),
        api(`/api/v1/supervision/measures?uscc=${encodeURIComponent(code)}`, { signal, staff: true }),
      ]);
      if (!runner.current(id)) return;
      clearError($('#lookup-error'));
      current = p.uscc;
      renderProfile(p);
      renderMeasures(m.measures);
      $('#lookup-status').textContent = '';
      const params = new URLSearchParams(location.search);
      params.set('uscc', p.uscc);
      history.replaceState(null, '', `?${params}`);
      if (focus) $('#profile').focus();
    } catch (e) {
      if (isAbort(e) || !runner.current(id)) return;
      $('#lookup-status').textContent = '';
      $('#profile').hidden = true;
      current = null;
      fail($('#lookup-error'), e);
    }
  }

  function renderProfile(p) {
    $('#profile').hidden = false;
    $('#profile-name').textContent = p.name || p.uscc;
    $('#profile-uscc').textContent = p.uscc;
    const ne = p.new_economy;
    let text = ne.flag ? `是（${sourceLabel[ne.source] || ne.source}）` : `否（${sourceLabel[ne.source] || ne.source}）`;
    if (ne.flag && ne.categories.length) text += `：${ne.categories.join('、')}`;
    $('#profile-newecon').textContent = text;
    $('#profile-smallmicro').textContent = p.small_micro ? '是' : '否';
    $('#profile-established').textContent = p.established || '—';
    const g = p.grace;
    $('#profile-grace').textContent = g.until ? `${g.months} 个月，至 ${g.until}${g.in_grace ? '（包容期内）' : '（已届满）'}` : g.reason;
  }

  function renderMeasures(list) {
    const ol = $('#measures');
    ol.replaceChildren();
    $('#measures-none').hidden = list.length > 0;
    for (const m of list) {
      const li = h('li', { class: 'measure', 'data-id': m.id },
        h('p', {}, h('strong', {}, m.kind_label), `（${m.id}，${m.issued_on} 作出，期限至 ${m.deadline}）：${m.text}`));
      if (m.note) li.append(h('p', { class: 'small muted' }, m.note));
      if (m.follow_up) {
        li.append(h('p', { class: 'follow-up' }, `跟踪回访 ${m.follow_up.visited_on}：${outcomeLabel[m.follow_up.outcome]}；${m.follow_up.notes}`));
      } else {
        li.append(followUpForm(m));
      }
      ol.append(li);
    }
  }

  function followUpForm(m) {
    const n = m.id;
    const date = h('input', { id: `fu-date-${n}`, type: 'date', value: today() });
    const outcome = h('select', { id: `fu-outcome-${n}` },
      ...Object.entries(outcomeLabel).map(([v, l]) => h('option', { value: v }, l)));
    const notes = h('textarea', { id: `fu-notes-${n}`, maxlength: 2000, rows: 2 });
    const box = h('div', { class: 'alert', role: 'alert', hidden: true });
    const status = h('span', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
    const button = h('button', { type: 'submit' }, '记录回访');
    const form = h('form', { class: 'follow-up', 'data-id': n, novalidate: true },
      h('div', { class: 'grid' },
        h('div', { class: 'field' }, h('label', { for: date.id }, '回访日期'), date),
        h('div', { class: 'field' }, h('label', { for: outcome.id }, '整改情况'), outcome),
        h('div', { class: 'field' }, h('label', { for: notes.id }, '回访记录'), notes)),
      box, h('div', { class: 'actions' }, button, status));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!notes.value.trim()) { box.textContent = '请填写回访记录。'; box.hidden = false; notes.focus(); return; }
      const ok = await send(button, status, box, async () => {
        await api(`/api/v1/supervision/measures/${encodeURIComponent(n)}/follow-up`, {
          method: 'POST', staff: true, body: { visited_on: date.value, outcome: outcome.value, notes: notes.value.trim() },
        });
        return '已记录回访。';
      });
      if (ok) open(current, false);
    });
    return form;
  }

  $('#lookup-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const code = input.value.trim().toUpperCase();
    if (!USCC_RE.test(code)) {
      $('#lookup-error').textContent = '请输入 18 位统一社会信用代码。';
      $('#lookup-error').hidden = false;
      input.focus();
      return;
    }
    open(code, true);
  });

  $('#measure-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const box = $('#measure-error');
    const text = $('#measure-text').value.trim();
    if (!text) { box.textContent = '请填写措施内容。'; box.hidden = false; $('#measure-text').focus(); return; }
    const ok = await send($('#measure-form button[type="submit"]'), $('#measure-status'), box, async () => {
      const m = await api('/api/v1/supervision/measures', {
        method: 'POST', staff: true,
        body: { uscc: current, kind: $('#measure-kind').value, text, deadline: $('#measure-deadline').value },
      });
      return `已作出${m.kind_label}（${m.id}），已记入信用档案。`;
    });
    if (ok) { $('#measure-text').value = ''; open(current, false); }
  });

  // Only a complaint is verified: its verification reaches the credit file.
  const verificationShown = () => { $('#basis-verification').hidden = $('#basis-kind').value !== 'complaint'; };
  $('#basis-kind').addEventListener('change', verificationShown);
  verificationShown();

  $('#basis-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const kind = $('#basis-kind').value;
    const finding = $('#basis-finding').value.trim();
    const body = { uscc: current, kind, ref: $('#basis-ref').value.trim(),
      summary: $('#basis-summary').value.trim(), received_on: $('#basis-date').value };
    if (kind === 'complaint' && finding) body.verification = { verified_on: $('#basis-verified-on').value, finding };
    const ok = await send($('#basis-form button[type="submit"]'), $('#basis-status'), $('#basis-error'), async () => {
      const b = await api('/api/v1/supervision/bases', { method: 'POST', staff: true, body });
      $('#case-basis').value = b.id;
      return b.verification
        ? `已登记依据 ${b.id}（${b.kind_label}），核实情况已记入信用档案（${b.verification.event_id}）。`
        : `已登记依据 ${b.id}（${b.kind_label}）。`;
    });
    if (ok) $('#basis-finding').value = '';
  });

  function groupValues(group) {
    return [...document.querySelectorAll(`#case-form input[data-group="${group}"]:checked`)].map((i) => i.value);
  }

  $('#case-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const box = $('#case-error');
    const facts = $('#case-facts').value.trim();
    if (!facts) { box.textContent = '请填写违法事实。'; box.hidden = false; $('#case-facts').focus(); return; }
    const ok = await send($('#case-form button[type="submit"]'), $('#case-status'), box, async () => {
      const c = await api('/api/v1/cases', {
        method: 'POST', staff: true,
        body: {
          uscc: current, violation: $('#case-violation').value, facts, basis: $('#case-basis').value.trim(),
          circumstances: {
            harm: $('#case-harm').value, corrected: $('#case-corrected').checked, no_fault: $('#case-nofault').checked,
            refused_correction: $('#case-refused').checked, mitigating: groupValues('mitigating'),
            aggravating: groupValues('aggravating'), red_lines: groupValues('red_lines'),
          },
        },
      });
      showCase(c, true);
      return `已立案（${c.id}）。`;
    });
    if (ok) $('#case-facts').value = '';
  });

  function showCase(c, focus) {
    currentCase = c.id;
    $('#case').hidden = false;
    $('#case-title').textContent = `案件 ${c.id}：${c.violation_text}`;
    const g = c.grace.until ? `；包容期至 ${c.grace.until}${c.grace.in_grace ? '（包容期内）' : '（已届满）'}` : '';
    $('#case-state').textContent = `${stateLabel[c.state]}；${c.first_violation ? '初次违法' : '非初次违法'}${g}`;
    const r = c.recommendation;
    $('#rec-level').textContent = `建议：${r.level_label}`;
    $('#rec-fine').textContent = r.fine_range ? `建议罚款 ${r.fine_range.min} 至 ${r.fine_range.max} 元` : (r.fine_rule ? `罚款规则：${r.fine_rule}` : '');
    $('#rec-measures').textContent = `措施：${r.measures.map((m) => m.label).join('、')}`;
    $('#rec-reasons').replaceChildren(...r.reasons.map((s) => h('li', {}, s)));
    $('#rec-citations').replaceChildren(...r.citations.map((ct) => h('li', {}, `《${ct.law}》${ct.article}：${ct.text}`)));
    const d = c.decision || c.draft;
    $('#case-decision').hidden = !d;
    if (d) {
      const signers = d.signatures.map((s) => s.holder || s.key_id).join('、');
      $('#decision-text').textContent = `${d.level_label}：${d.measures.map((m) => m.label).join('、')}${d.fine_yuan ? `，罚款 ${d.fine_yuan} 元` : ''}；理由：${d.reasons}` +
        `${d.deviation ? `；与建议不一致的理由：${d.deviation_reason}` : ''}；签署：${signers}${d.effective_on ? `；${d.effective_on} 生效` : ''}`;
    }
    $('#decide-form').hidden = c.state !== 'open';
    $('#review-form').hidden = c.state !== 'pending_review';
    if (c.state === 'open') $('#decide-level').value = r.level;
    const params = new URLSearchParams(location.search);
    params.set('case', c.id);
    history.replaceState(null, '', `?${params}`);
    if (focus) $('#case').focus();
  }

  $('#decide-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const box = $('#decide-error');
    const reasons = $('#decide-reasons').value.trim();
    if (!reasons) { box.textContent = '请填写决定理由。'; box.hidden = false; $('#decide-reasons').focus(); return; }
    const level = $('#decide-level').value;
    const fine = Number($('#decide-fine').value || 0);
    const measures = level === 'no_penalty' ? ['order_correction', 'education'] : ['order_correction', fine > 0 ? 'fine' : 'warning'];
    await send($('#decide-form button[type="submit"]'), $('#decide-status'), box, async () => {
      const c = await api(`/api/v1/cases/${encodeURIComponent(currentCase)}/decision`, {
        method: 'POST', staff: true,
        body: { level, measures, fine_yuan: fine > 0 ? fine : 0, reasons, deviation_reason: $('#decide-deviation').value.trim() },
      });
      showCase(c, false);
      return c.state === 'effective' ? '决定已生效。' : '已签署，待另一名执法人员法制审核。';
    });
  });

  async function review(approve) {
    const box = $('#review-error');
    const opinion = $('#review-opinion').value.trim();
    if (!opinion) { box.textContent = '请填写审核意见。'; box.hidden = false; $('#review-opinion').focus(); return; }
    await send($('#review-approve'), $('#review-status'), box, async () => {
      const c = await api(`/api/v1/cases/${encodeURIComponent(currentCase)}/review`, {
        method: 'POST', staff: true, body: { approve, opinion, decision_no: $('#review-no').value.trim() },
      });
      showCase(c, false);
      return approve ? '审核通过，处罚决定已生效并记入信用档案。' : '已退回办案人员。';
    });
  }
  $('#review-form').addEventListener('submit', (e) => { e.preventDefault(); review(true); });
  $('#review-refuse').addEventListener('click', () => review(false));

  const params = new URLSearchParams(location.search);
  const jobs = [];
  if (params.get('uscc')) { input.value = params.get('uscc'); jobs.push(open(params.get('uscc'), false)); }
  if (params.get('case')) {
    jobs.push(api(`/api/v1/cases/${encodeURIComponent(params.get('case'))}`, { staff: true })
      .then((c) => showCase(c, false)).catch((e) => fail($('#lookup-error'), e)));
  }
  // The catalogue tab is offered to admin keys only: its list answers 403
  // to any other key.
  jobs.push(loadVersions().then(() => { $('#sup-tabs a[data-tab="catalogue"]').hidden = false; }).catch(() => {}));
  Promise.allSettled(jobs).then(() => {
    wireTabs();
    return showTab(location.hash.slice(1), false);
  }).finally(() => { document.documentElement.dataset.ready = 'true'; });
}

/** loadViolations fills the case form's list of active catalogue items. */
function loadViolations() {
  return api('/api/v1/violations', { staff: true }).then((list) => {
    const sel = $('#case-violation');
    const keep = sel.value;
    sel.replaceChildren(...list.violations.map((v) => h('option', { value: v.code }, `${v.code} ${v.violation}`)));
    if (keep && list.violations.some((v) => v.code === keep)) sel.value = keep;
  }).catch((e) => fail($('#case-error'), e));
}

// ---- Tabs ----

const tabs = ['enterprise', 'register', 'catalogue'];
const tabLoaded = {};

function tabOffered(tab) {
  const a = $(`#sup-tabs a[data-tab="${tab}"]`);
  return tabs.includes(tab) && a && !a.hidden;
}

function showTab(tab, focus) {
  if (!tabOffered(tab)) tab = 'enterprise';
  for (const t of tabs) $(`#${t}`).hidden = t !== tab;
  for (const a of document.querySelectorAll('#sup-tabs a')) {
    if (a.dataset.tab === tab) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (focus) $(`#${tab}`).focus();
  if (tab === 'register' && !tabLoaded.register) {
    tabLoaded.register = true;
    return register.load(0);
  }
  return Promise.resolve();
}

function wireTabs() {
  for (const a of document.querySelectorAll('#sup-tabs a')) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      const params = new URLSearchParams(location.search);
      history.replaceState(null, '', `${params.toString() ? `?${params}` : location.pathname}#${a.dataset.tab}`);
      showTab(a.dataset.tab, true);
    });
  }
  window.addEventListener('hashchange', () => showTab(location.hash.slice(1), true));
}

// ---- The new-economy register ----

const graceText = (r) => {
  if (!r.grace_until) return '成立日期未知';
  return `${r.grace_months} 个月，至 ${r.grace_until}${r.in_grace ? '（包容期内）' : '（已届满）'}`;
};

const register = {
  pageSize: 20,
  // cursors[i] is the after of page i (page 0 starts at '').
  cursors: [''],
  page: 0,
  runner: latest(),

  query(after) {
    const q = new URLSearchParams({ limit: String(this.pageSize) });
    for (const [name, id] of [['in_grace', 'rg-grace'], ['category', 'rg-category'], ['source', 'rg-source'], ['small_micro', 'rg-small']]) {
      if ($(`#${id}`).value) q.set(name, $(`#${id}`).value);
    }
    if (after) q.set('after', after);
    return q;
  },

  async load(page) {
    const { signal, id } = this.runner.start();
    const box = $('#register-error');
    $('#register-status').textContent = '正在查询…';
    try {
      const out = await api(`/api/v1/supervision/new-economy?${this.query(this.cursors[page])}`, { signal, staff: true });
      if (!this.runner.current(id)) return;
      clearError(box);
      this.page = page;
      this.cursors.length = page + 1;
      if (out.next) this.cursors.push(out.next);
      this.render(out.items);
      $('#register-status').textContent = '';
      $('#register-prev').hidden = page === 0;
      $('#register-next').hidden = !out.next;
      $('#register-page').textContent = out.items.length || page > 0 ? `第 ${page + 1} 页` : '';
    } catch (e) {
      if (isAbort(e) || !this.runner.current(id)) return;
      $('#register-status').textContent = '';
      fail(box, e);
    }
  },

  render(items) {
    $('#register-empty').hidden = items.length > 0;
    $('#register-table').hidden = items.length === 0;
    $('#register-table tbody').replaceChildren(...items.map((r) => h('tr', { 'data-uscc': r.uscc },
      h('td', { 'data-label': '企业名称' }, h('a', { href: `/staff/supervision?uscc=${encodeURIComponent(r.uscc)}` }, r.name || r.uscc)),
      h('td', { 'data-label': '统一社会信用代码', class: 'code' }, r.uscc),
      h('td', { 'data-label': '认定方式' }, sourceLabel[r.source] || r.source),
      h('td', { 'data-label': '三新类别' }, r.categories.length ? r.categories.join('、') : '—'),
      h('td', { 'data-label': '小微企业' }, r.small_micro ? '是' : '否'),
      h('td', { 'data-label': '成立日期' }, r.established || '—'),
      h('td', { 'data-label': '包容期' }, graceText(r)))));
  },
};

$('#register-form').addEventListener('submit', (e) => {
  e.preventDefault();
  register.cursors = [''];
  register.load(0);
});
$('#register-next').addEventListener('click', () => register.load(register.page + 1));
$('#register-prev').addEventListener('click', () => register.load(Math.max(0, register.page - 1)));

// ---- The violation catalogue's versions (admin keys) ----

function versionSource(v) {
  if (v.source === 'embedded') return '程序内置';
  if (v.restored_from !== undefined && v.restored_from !== null) return `恢复自第 ${v.restored_from} 版`;
  return '导入';
}

function versionWho(v) {
  const by = v.imported_by;
  if (!by) return '—';
  if (by.holder) return by.dept ? `${by.holder}（${by.dept}）` : by.holder;
  return by.role === 'admin' ? `管理员密钥 ${by.key_id}` : by.key_id;
}

/** loadVersions lists the catalogue's versions; it rejects for a key that is not an admin's. */
async function loadVersions() {
  const out = await api('/api/v1/violations/versions', { staff: true });
  $('#versions tbody').replaceChildren(...out.versions.map((v) => {
    let state;
    if (v.current) {
      state = h('strong', { class: 'current-version' }, '现行版本');
    } else {
      state = h('button', { type: 'button', class: 'secondary restore', 'data-version': v.version }, `恢复第 ${v.version} 版`);
      state.addEventListener('click', () => restore(v.version, state));
    }
    return h('tr', { 'data-version': v.version },
      h('td', { 'data-label': '版本' }, `第 ${v.version} 版`),
      h('td', { 'data-label': '来源' }, versionSource(v)),
      h('td', { 'data-label': '导入人' }, versionWho(v)),
      h('td', { 'data-label': '导入时间' }, v.imported_at ? formatTime(v.imported_at) : '—'),
      h('td', { 'data-label': '事项' }, String(v.items)),
      h('td', { 'data-label': '启用事项' }, String(v.active)),
      h('td', { 'data-label': '状态' }, state));
  }));
  return out;
}

async function restore(version, button) {
  const box = $('#versions-error');
  clearError(box);
  button.disabled = true;
  try {
    const v = await api(`/api/v1/violations/versions/${version}/restore`, { method: 'POST', staff: true });
    $('#catalogue-status').textContent = `已将第 ${version} 版恢复为第 ${v.version} 版（启用事项 ${v.active} 项），现已生效。`;
    await loadVersions();
    loadViolations();
  } catch (e) {
    button.disabled = false;
    fail(box, e);
  }
}

$('#catalogue-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const box = $('#catalogue-error');
  const file = $('#catalogue-file').files[0];
  if (!file) { box.textContent = '请选择目录文件（CSV）。'; box.hidden = false; $('#catalogue-file').focus(); return; }
  const ok = await send($('#catalogue-form button[type="submit"]'), $('#catalogue-status'), box, async () => {
    // The file's bytes as they are: the server refuses what is not UTF-8.
    const v = await api('/api/v1/violations', {
      method: 'PUT', staff: true, raw: await file.arrayBuffer(), headers: { 'Content-Type': 'text/csv; charset=utf-8' },
    });
    return `已导入为第 ${v.version} 版（事项 ${v.items} 项，启用 ${v.active} 项），现已生效。`;
  });
  if (ok) {
    $('#catalogue-file').value = '';
    await loadVersions().catch((ex) => fail($('#versions-error'), ex));
    loadViolations();
  }
});

if (requireStaff()) {
  wireSignOut();
  start();
}
