// The dispute desk (/staff/disputes): the queue of cases, overdue first.
import {
  $, h, api, isAbort, clearError, latest, requireStaff, wireSignOut, handleStaffError,
  deadlineText, deadlineBadge,
} from './common.js';

const OPEN = 'received,material_requested,accepted,served,answered,mediation_failed,ruling_drafted';

if (requireStaff()) {
  wireSignOut();
  const stateIn = $('#state');
  const statusLine = $('#queue-status');
  const errorBox = $('#queue-error');
  const runner = latest();

  const params = new URLSearchParams(location.search);
  if (params.has('state')) stateIn.value = params.get('state');

  async function load() {
    const { signal, id } = runner.start();
    statusLine.textContent = '正在加载…';
    const v = stateIn.value === 'open' ? OPEN : stateIn.value;
    const q = new URLSearchParams({ limit: '200' });
    if (v) q.set('state', v);
    try {
      const res = await api(`/api/v1/disputes?${q}`, { staff: true, signal });
      if (!runner.current(id)) return;
      clearError(errorBox);
      render(res.disputes || []);
      const overdue = (res.disputes || []).filter((d) => d.deadlines && d.deadlines.overdue).length;
      statusLine.textContent = `共 ${res.total ?? (res.disputes || []).length} 件${overdue ? `，其中 ${overdue} 件逾期` : ''}`;
    } catch (e) {
      if (isAbort(e) || !runner.current(id)) return;
      statusLine.textContent = '';
      handleStaffError(errorBox, e);
    }
  }

  function render(list) {
    $('#queue-empty').hidden = list.length > 0;
    $('#queue').hidden = list.length === 0;
    $('#queue tbody').replaceChildren(...list.map((d) => {
      const dl = d.deadlines || {};
      return h('tr', { 'data-id': d.id, class: dl.overdue ? 'overdue' : dl.due_soon ? 'due-soon' : '' },
        h('td', { 'data-label': '案件' }, h('a', { href: `/staff/disputes/${encodeURIComponent(d.id)}` }, d.id),
          h('div', { class: 'small muted' }, `收到 ${d.received_on}`)),
        h('td', { 'data-label': '申请人' }, d.applicant),
        h('td', { 'data-label': '被申请人' }, d.respondent),
        h('td', { 'data-label': '状态' }, d.state_label || d.state),
        h('td', { 'data-label': '下一步' }, dl.next_step || '—'),
        h('td', { 'data-label': '期限' }, deadlineBadge(dl), ' ',
          h('span', { class: `deadline ${dl.overdue ? 'overdue' : dl.due_soon ? 'due-soon' : ''}` }, deadlineText(dl) || '—')));
    }));
  }

  stateIn.addEventListener('change', () => {
    history.replaceState(null, '', `?state=${encodeURIComponent(stateIn.value)}`);
    load();
  });
  $('#filter').addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  load().finally(() => { document.documentElement.dataset.ready = 'true'; });
}
