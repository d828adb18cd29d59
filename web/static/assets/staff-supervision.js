// The staff supervision page (/staff/supervision): an enterprise's
// new-economy designation and grace period, its guidance measures with
// their follow-up visits, bases of checks and cases, opening a case with its
// explained recommendation, the handler's decision and the second
// signature (法制审核) by another person.
import {
  $, h, api, ApiError, isAbort, showError, clearError, latest, requireStaff, wireSignOut, handleStaffError,
} from './common.js';

if (requireStaff()) {
  wireSignOut();
  start();
}

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

  for (const id of ['basis-date']) $(`#${id}`).value = today();

  api('/api/v1/violations', { staff: true }).then((list) => {
    const sel = $('#case-violation');
    for (const v of list.violations) sel.append(h('option', { value: v.code }, `${v.code} ${v.violation}`));
  }).catch((e) => fail($('#case-error'), e));

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

  $('#basis-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    await send($('#basis-form button[type="submit"]'), $('#basis-status'), $('#basis-error'), async () => {
      const b = await api('/api/v1/supervision/bases', {
        method: 'POST', staff: true,
        body: { uscc: current, kind: $('#basis-kind').value, ref: $('#basis-ref').value.trim(),
          summary: $('#basis-summary').value.trim(), received_on: $('#basis-date').value },
      });
      $('#case-basis').value = b.id;
      return `已登记依据 ${b.id}（${b.kind_label}）。`;
    });
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
  Promise.allSettled(jobs).finally(() => { document.documentElement.dataset.ready = 'true'; });
}
