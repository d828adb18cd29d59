// The staff credit page (/staff/credit): an enterprise's full credit file
// (every event, superseded ones marked), its listings with their removal,
// the listing, guidance, new-economy and penalty forms, and the lists with
// search and pages.
import {
  $, h, api, ApiError, isAbort, clearError, latest, requireStaff, wireSignOut, handleStaffError,
} from './common.js';
import {
  lists, listingItems, eventRows, showCreditError, mountListView, penaltyKindLabel, USCC_RE, dash,
} from './creditview.js';

if (requireStaff()) {
  wireSignOut();
  start();
}

/** today is the local date as YYYY-MM-DD, the default of decision dates. */
function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** fail shows a failed request: a lost key signs out, else the API's words. */
function fail(box, err) {
  if (err instanceof ApiError && err.status === 401) handleStaffError(box, err);
  else showCreditError(box, err);
}

function start() {
  const form = $('#lookup-form');
  const input = $('#uscc');
  const statusLine = $('#lookup-status');
  const errorBox = $('#lookup-error');
  const runner = latest();
  let current = null; // the USCC of the file shown
  let sequence = 0;

  const view = mountListView({
    prefix: 'sl', staff: true,
    fileLink: (uscc) => `/staff/credit?uscc=${encodeURIComponent(uscc)}`,
  });
  $('#sl-table').addEventListener('click', (e) => {
    const a = e.target.closest('a');
    const row = e.target.closest('tr[data-uscc]');
    if (!a || !row) return;
    e.preventDefault();
    input.value = row.dataset.uscc;
    open(row.dataset.uscc, true);
  });

  for (const id of ['list-date', 'penalty-date']) $(`#${id}`).value = today();

  async function open(code, focus) {
    const { signal, id } = runner.start();
    statusLine.textContent = '正在打开信用档案…';
    try {
      const [f, sup] = await Promise.all([
        api(`/api/v1/credit/${encodeURIComponent(code)}`, { signal, staff: true }),
        api(`/api/v1/enterprises/${encodeURIComponent(code)}/supervision`, { signal }),
      ]);
      if (!runner.current(id)) return;
      clearError(errorBox);
      if (current !== f.uscc) resetForms();
      current = f.uscc;
      render(f, sup);
      statusLine.textContent = `共 ${f.events.length} 条信用记录`;
      const params = new URLSearchParams(location.search);
      params.set('uscc', f.uscc);
      history.replaceState(null, '', `?${params}`);
      if (focus) $('#file').focus();
    } catch (e) {
      if (isAbort(e) || !runner.current(id)) return;
      statusLine.textContent = '';
      $('#file').hidden = true;
      current = null;
      fail(errorBox, e);
    }
  }

  function render(f, sup) {
    $('#file').hidden = false;
    $('#file-name').textContent = f.name;
    $('#file-uscc').textContent = f.uscc;
    const ne = sup.new_economy || {};
    let neText = ne.flag ? '是' : '否';
    if (ne.flag && sup.grace_until) neText += `；包容期至 ${sup.grace_until}${sup.in_grace ? '（包容期内）' : '（已届满）'}`;
    $('#file-newecon').textContent = neText;
    $('#file-smallmicro').textContent = sup.small_micro ? '是' : '否';
    $('#file-established').textContent = dash(sup.established);
    const reports = f.annual_reports || [];
    const annual = reports.map((r) => `${r.year} 年度（${r.filed_on} 报送${r.late ? '，逾期' : ''}）`);
    if (f.annual_report_missing) annual.push(`${f.annual_report_missing} 年度未报送`);
    $('#file-annual').textContent = annual.length ? annual.join('；') : '—';
    const how = { auto: '（自动认定）', manual: '（人工认定）' }[ne.source] || '';
    const cats = (ne.categories || []).length ? `：${ne.categories.join('、')}` : '';
    $('#designation-now').textContent = `当前：${ne.flag ? '已认定为新经济企业' : '未认定为新经济企业'}${how}${ne.flag ? cats : ''}`;
    $('#designation-flag').checked = !!ne.flag;

    const items = [];
    for (const [key, title] of Object.entries(lists)) {
      const ls = (f.lists && f.lists[key]) || [];
      items.push(...listingItems(ls, title, key === 'abnormal' ? removal : null));
    }
    $('#file-lists').replaceChildren(...items);
    $('#lists-none').hidden = items.length > 0;

    const events = f.events || [];
    $('#events-none').hidden = events.length > 0;
    $('#events').hidden = events.length === 0;
    $('#events tbody').replaceChildren(...eventRows(events, true));
  }

  /** removal is the form that removes a current abnormal-list listing. */
  function removal(l) {
    if (l.removed_on) return null;
    const n = ++sequence;
    if (l.reason === 'name_change') {
      return h('p', { class: 'small muted' }, '因逾期未变更名称列入的，办理名称变更登记后自动移出。');
    }
    const reason = h('textarea', { id: `rm-reason-${n}`, maxlength: 500, rows: 2, required: true });
    const date = h('input', { id: `rm-date-${n}`, type: 'date', required: true });
    date.value = today();
    const applied = h('input', { id: `rm-applied-${n}`, type: 'date' });
    const err = h('div', { class: 'alert', role: 'alert', hidden: true });
    const status = h('span', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', class: 'danger' }, '移出经营异常名录');
    const f = h('form', { class: 'removal', novalidate: true, 'aria-label': `移出 ${l.id}`, 'data-id': l.id },
      h('p', { class: 'small' }, `移出条件：${dash(l.cure)}`),
      h('div', { class: 'grid two' },
        h('div', { class: 'field' }, h('label', { for: reason.id }, '移出原因'), reason),
        h('div', { class: 'field' }, h('label', { for: date.id }, '移出日期'), date),
        h('div', { class: 'field' }, h('label', { for: applied.id }, '企业申请日期（可选）'), applied)),
      err,
      h('div', { class: 'actions' }, submit, status));
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearError(err);
      if (!reason.value.trim()) return invalid(err, reason, '请填写移出原因。');
      if (!date.value) return invalid(err, date, '请填写移出日期。');
      const body = { reason: reason.value.trim(), date: date.value };
      if (applied.value) body.applied_on = applied.value;
      await send(submit, status, err, async () => {
        await api(`/api/v1/credit/abnormal/${encodeURIComponent(l.id)}/removal`, { method: 'POST', body, staff: true });
        return `已移出经营异常名录（${l.id}）。`;
      });
    });
    return f;
  }

  function invalid(box, field, msg) {
    box.textContent = msg;
    box.hidden = false;
    field.focus();
  }

  /**
   * send runs one action: the button is disabled while it runs; on success
   * the file and the list are read again and its message is announced in
   * the lookup status line and in the form's.
   */
  async function send(button, status, box, action) {
    button.disabled = true;
    status.textContent = '正在提交…';
    try {
      const msg = await action();
      status.textContent = '';
      await open(current, false);
      view.reload();
      const done = $('#action-done');
      done.textContent = msg;
      done.hidden = false;
      return true;
    } catch (e) {
      status.textContent = '';
      fail(box, e);
      return false;
    } finally {
      button.disabled = false;
    }
  }

  // Where an action's success is announced: above the file, for all forms
  // (the removal forms are rebuilt when the file is read again).
  $('#file').prepend(h('p', { id: 'action-done', class: 'alert ok', role: 'status', hidden: true }));

  function resetForms() {
    $('#action-done').hidden = true;
    for (const id of ['list', 'guidance', 'designation', 'penalty']) clearError($(`#${id}-error`));
    for (const id of ['list-basis', 'list-ground-date', 'guidance-text', 'guidance-deadline', 'designation-reason',
      'penalty-no', 'penalty-violation', 'penalty-basis']) $(`#${id}`).value = '';
    $('#penalty-items').replaceChildren();
    addPenaltyItem();
  }

  // ---- Listing ----
  $('#list-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const box = $('#list-error');
    clearError(box);
    if (!$('#list-date').value) return invalid(box, $('#list-date'), '请填写列入决定日期。');
    const body = { uscc: current, reason: $('#list-reason').value, date: $('#list-date').value };
    if ($('#list-basis').value.trim()) body.basis = $('#list-basis').value.trim();
    if ($('#list-ground-date').value) body.ground_date = $('#list-ground-date').value;
    const button = $('#list-form button[type="submit"]');
    button.disabled = true;
    $('#list-status').textContent = '正在提交…';
    try {
      const l = await api('/api/v1/credit/abnormal', { method: 'POST', body, staff: true });
      $('#list-status').textContent = '';
      $('#list-basis').value = '';
      $('#list-ground-date').value = '';
      await open(current, false);
      view.reload();
      const done = $('#action-done');
      done.textContent = `已列入经营异常名录（${l.id}，${l.reason_label}）。${l.decision_late ? `注意：已超过 ${l.decision_due} 的决定期限。` : ''}`;
      done.hidden = false;
    } catch (err) {
      $('#list-status').textContent = '';
      fail(box, err);
      if (err instanceof ApiError && err.code === 'guidance_required') {
        const ground = body.reason;
        box.append(' ', h('button', {
          type: 'button', class: 'link', id: 'to-guidance',
          onclick: () => {
            $('#guidance-ground').value = ground;
            $('#guidance-text').focus();
          },
        }, '前往发出行政指导'));
      }
    } finally {
      button.disabled = false;
    }
  });

  // ---- Guidance ----
  $('#guidance-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const box = $('#guidance-error');
    clearError(box);
    const text = $('#guidance-text').value.trim();
    if (!text) return invalid(box, $('#guidance-text'), '请填写指导内容。');
    if (!$('#guidance-deadline').value) return invalid(box, $('#guidance-deadline'), '请填写履行期限。');
    const body = { uscc: current, ground: $('#guidance-ground').value, text, deadline: $('#guidance-deadline').value };
    const ok = await send($('#guidance-form button[type="submit"]'), $('#guidance-status'), box, async () => {
      const g = await api('/api/v1/credit/guidance', { method: 'POST', body, staff: true });
      return `已发出行政指导（${g.id}），期限至 ${g.deadline}。`;
    });
    if (ok) {
      $('#guidance-text').value = '';
      $('#guidance-deadline').value = '';
    }
  });

  // ---- New-economy designation ----
  $('#designation-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const box = $('#designation-error');
    clearError(box);
    const reason = $('#designation-reason').value.trim();
    if (!reason) return invalid(box, $('#designation-reason'), '请填写理由。');
    const flag = $('#designation-flag').checked;
    const ok = await send($('#designation-form button[type="submit"]'), $('#designation-status'), box, async () => {
      await api(`/api/v1/enterprises/${encodeURIComponent(current)}/supervision`, {
        method: 'PUT', body: { new_economy: flag, reason }, staff: true,
      });
      return flag ? '已认定为新经济企业。' : '已取消新经济企业认定。';
    });
    if (ok) $('#designation-reason').value = '';
  });

  // ---- Penalty ----
  let itemSeq = 0;
  function addPenaltyItem() {
    const n = ++itemSeq;
    const kind = h('select', { id: `pi-kind-${n}`, class: 'pi-kind' },
      ...Object.entries(penaltyKindLabel).map(([v, label]) => h('option', { value: v }, label)));
    kind.value = 'fine';
    const amount = h('input', { id: `pi-amount-${n}`, class: 'pi-amount', type: 'number', min: '0', step: '0.01', inputmode: 'decimal' });
    const months = h('input', { id: `pi-months-${n}`, class: 'pi-months', type: 'number', min: '1', max: '1200', step: '1', inputmode: 'numeric' });
    const text = h('input', { id: `pi-text-${n}`, class: 'pi-text', type: 'text', maxlength: 500 });
    const amountField = h('div', { class: 'field' }, h('label', { for: amount.id }, '金额（元）'), amount);
    const monthsField = h('div', { class: 'field' }, h('label', { for: months.id }, '期限（月）'), months);
    const remove = h('button', { type: 'button', class: 'secondary small' }, '删除此项');
    const li = h('li', { class: 'penalty-item' },
      h('div', { class: 'grid two' },
        h('div', { class: 'field' }, h('label', { for: kind.id }, '处罚种类'), kind),
        amountField, monthsField,
        h('div', { class: 'field' }, h('label', { for: text.id }, '说明（可选）'), text)),
      h('div', { class: 'actions' }, remove));
    const sync = () => {
      amountField.hidden = !['fine', 'confiscation'].includes(kind.value);
      monthsField.hidden = !['suspension', 'restriction'].includes(kind.value);
    };
    kind.addEventListener('change', sync);
    sync();
    remove.addEventListener('click', () => {
      const items = $('#penalty-items');
      if (items.children.length <= 1) return;
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      labelItems();
      next.querySelector('select').focus();
    });
    $('#penalty-items').append(li);
    labelItems();
    return kind;
  }
  function labelItems() {
    const items = [...$('#penalty-items').children];
    items.forEach((li, i) => {
      li.querySelector('label').textContent = items.length > 1 ? `处罚种类（第 ${i + 1} 项）` : '处罚种类';
      const b = li.querySelector('.actions button');
      b.setAttribute('aria-label', `删除第 ${i + 1} 项处罚`);
      b.disabled = items.length <= 1;
    });
  }
  $('#penalty-add').addEventListener('click', () => addPenaltyItem().focus());
  addPenaltyItem();

  $('#penalty-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const box = $('#penalty-error');
    clearError(box);
    for (const [id, msg] of [['penalty-no', '请填写决定书文号。'], ['penalty-authority', '请填写作出决定的行政机关。'],
      ['penalty-date', '请填写决定日期。'], ['penalty-violation', '请填写违法行为。'], ['penalty-basis', '请填写处罚依据。']]) {
      if (!$(`#${id}`).value.trim()) return invalid(box, $(`#${id}`), msg);
    }
    const penalties = [];
    for (const li of $('#penalty-items').children) {
      const item = { kind: li.querySelector('.pi-kind').value };
      const amount = li.querySelector('.pi-amount');
      const months = li.querySelector('.pi-months');
      if (!amount.closest('.field').hidden && amount.value !== '') item.amount_yuan = Number(amount.value);
      if (!months.closest('.field').hidden && months.value !== '') item.months = Number.parseInt(months.value, 10);
      if (item.kind === 'fine' && !(item.amount_yuan > 0)) return invalid(box, amount, '罚款须填写金额（元）。');
      if (item.kind === 'restriction' && !(item.months > 0)) return invalid(box, months, '限制开展生产经营活动或限制从业须填写期限（月）。');
      const text = li.querySelector('.pi-text').value.trim();
      if (text) item.text = text;
      penalties.push(item);
    }
    const body = {
      uscc: current,
      decision_no: $('#penalty-no').value.trim(),
      authority: $('#penalty-authority').value.trim(),
      decided_on: $('#penalty-date').value,
      procedure: $('#penalty-procedure').value,
      party_type: $('#penalty-party').value,
      domain: $('#penalty-domain').value,
      violation: $('#penalty-violation').value.trim(),
      basis: $('#penalty-basis').value.trim(),
      penalties,
    };
    const ok = await send($('#penalty-form button[type="submit"]'), $('#penalty-status'), box, async () => {
      const res = await api('/api/v1/credit/penalties', { method: 'POST', body, staff: true });
      const ev = res.event || {};
      const pub = ev.penalty && ev.penalty.publication ? ev.penalty.publication : '';
      return res.replayed ? `该决定书此前已记录（${ev.id}），未重复记录。` : `已记录行政处罚（${ev.id}）。${pub}`;
    });
    if (ok) {
      for (const id of ['penalty-no', 'penalty-violation', 'penalty-basis']) $(`#${id}`).value = '';
      $('#penalty-items').replaceChildren();
      addPenaltyItem();
    }
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = input.value.trim().toUpperCase();
    if (!USCC_RE.test(code)) {
      $('#file').hidden = true;
      errorBox.textContent = '请输入 18 位统一社会信用代码（数字和大写字母，不含 I、O、Z、S、V）。';
      errorBox.hidden = false;
      input.focus();
      return;
    }
    input.value = code;
    open(code, true);
  });

  const first = new URLSearchParams(location.search).get('uscc');
  const ready = [view.ready];
  if (first) {
    input.value = first.trim().toUpperCase();
    ready.push(open(input.value, false));
  }
  Promise.allSettled(ready).then(() => { document.documentElement.dataset.ready = 'true'; });
}
