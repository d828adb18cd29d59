// The queue of reported findings (/staff/reports): findings applicants
// believe wrong, oldest first; staff confirm each as a misjudgement or
// reject it.
import {
  $, h, api, isAbort, clearError, latest, requireStaff, wireSignOut, handleStaffError,
  severityLabel, badge, formatTime,
} from './common.js';

const stateLabel = { open: '待复核', confirmed: '已确认误判', rejected: '已驳回' };
const PAGE = 50;

if (requireStaff()) {
  wireSignOut();
  const stateIn = $('#state');
  const statusLine = $('#queue-status');
  const errorBox = $('#queue-error');
  const tbody = $('#reports tbody');
  const more = $('#more');
  const runner = latest();
  let next = '';

  const params = new URLSearchParams(location.search);
  if (params.has('state')) stateIn.value = params.get('state');

  async function load(append = false) {
    const { signal, id } = runner.start();
    statusLine.textContent = '正在加载…';
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (stateIn.value) q.set('state', stateIn.value);
    if (append && next) q.set('after', next);
    try {
      const res = await api(`/api/v1/names/reports?${q}`, { staff: true, signal });
      if (!runner.current(id)) return;
      clearError(errorBox);
      const rows = (res.reports || []).map(row);
      if (append) tbody.append(...rows);
      else tbody.replaceChildren(...rows);
      next = res.next || '';
      more.hidden = !next;
      const n = tbody.children.length;
      $('#queue-empty').hidden = n > 0;
      $('#reports').hidden = n === 0;
      statusLine.textContent = `已列出 ${n} 份报告${next ? '，还有更多' : ''}`;
    } catch (e) {
      if (isAbort(e) || !runner.current(id)) return;
      statusLine.textContent = '';
      handleStaffError(errorBox, e);
    }
  }

  function row(r) {
    const versions = [h('code', null, r.rules_version)];
    if (r.check_rules_version && r.check_rules_version !== r.rules_version) {
      versions.push(h('div', { class: 'small muted' }, `复核时：${r.check_rules_version}`));
    }
    return h('tr', { 'data-id': r.id, 'data-state': r.state },
      h('td', { 'data-label': '报告' }, `第 ${r.id} 号`,
        h('div', { class: 'small muted' }, h('time', { datetime: r.created_at }, formatTime(r.created_at)))),
      h('td', { 'data-label': '名称', class: 'nm' }, r.normalized || r.name,
        h('div', { class: 'small muted' }, `登记机关 ${r.authority_code}`)),
      h('td', { 'data-label': '检查意见' },
        h('div', { class: 'meta-row' },
          badge(severityLabel[r.finding_severity] || r.finding_severity, `sev-${r.finding_severity}`),
          h('code', { class: 'finding-code' }, r.finding_code)),
        h('p', { class: 'small' }, r.finding_message)),
      h('td', { 'data-label': '申请人说明', class: 'prewrap' }, r.note || h('span', { class: 'muted' }, '（未填写）')),
      h('td', { 'data-label': '规则版本', class: 'code' }, ...versions),
      h('td', { 'data-label': '处理' }, r.state === 'open' ? decide(r) : decided(r)));
  }

  function decided(r) {
    return h('div', { class: 'decided' },
      badge(stateLabel[r.state] || r.state, r.state === 'confirmed' ? 'sev-warn' : 'st-cancelled'),
      r.resolved_at ? h('div', { class: 'small muted' }, `${formatTime(r.resolved_at)} ${r.resolved_by || ''}`) : null,
      r.resolution ? h('p', { class: 'small prewrap' }, r.resolution) : null);
  }

  function decide(r) {
    const noteId = `resolve-note-${r.id}`;
    const note = h('input', { id: noteId, type: 'text', maxlength: '500', autocomplete: 'off' });
    const error = h('div', { class: 'alert', role: 'alert', hidden: true });
    const confirmBtn = h('button', { type: 'button', class: 'small', 'data-action': 'confirm' }, '确认误判');
    const rejectBtn = h('button', { type: 'button', class: 'small danger', 'data-action': 'reject' }, '驳回');
    const box = h('div', { class: 'resolve' },
      h('div', { class: 'field' }, h('label', { for: noteId, class: 'small' }, '处理说明（可选）'), note),
      h('div', { class: 'actions' }, confirmBtn, rejectBtn),
      error);
    const send = async (confirmed) => {
      clearError(error);
      confirmBtn.disabled = true;
      rejectBtn.disabled = true;
      try {
        const res = await api(`/api/v1/names/reports/${encodeURIComponent(r.id)}/resolve`, {
          method: 'POST', staff: true, body: { confirmed, note: note.value.trim() },
        });
        const tr = box.closest('tr');
        tr.dataset.state = res.state;
        const cell = box.parentElement;
        cell.replaceChildren(decided(res));
        statusLine.textContent = `第 ${res.id} 号报告${stateLabel[res.state] || res.state}。`;
        cell.setAttribute('tabindex', '-1');
        cell.focus();
      } catch (e) {
        handleStaffError(error, e);
        confirmBtn.disabled = false;
        rejectBtn.disabled = false;
      }
    };
    confirmBtn.addEventListener('click', () => send(true));
    rejectBtn.addEventListener('click', () => send(false));
    return box;
  }

  stateIn.addEventListener('change', () => {
    history.replaceState(null, '', `?state=${encodeURIComponent(stateIn.value)}`);
    load();
  });
  $('#filter').addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  more.addEventListener('click', () => load(true));
  load().finally(() => { document.documentElement.dataset.ready = 'true'; });
}
