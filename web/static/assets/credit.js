// The public credit lookup (/credit): an enterprise's published credit
// events and its current lists, by unified social credit code.
import { $, api, isAbort, clearError, latest } from './common.js';
import { lists, listingItems, eventRows, showCreditError, USCC_RE } from './creditview.js';

const form = $('#lookup-form');
const input = $('#uscc');
const statusLine = $('#lookup-status');
const errorBox = $('#lookup-error');
const runner = latest();

async function lookup(code, focus) {
  const { signal, id } = runner.start();
  statusLine.textContent = '正在查询…';
  try {
    const f = await api(`/api/v1/credit/${encodeURIComponent(code)}`, { signal });
    if (!runner.current(id)) return;
    clearError(errorBox);
    render(f);
    statusLine.textContent = `共 ${f.events.length} 条公示的信用记录`;
    history.replaceState(null, '', `?uscc=${encodeURIComponent(f.uscc)}`);
    if (focus) $('#file').focus();
  } catch (e) {
    if (isAbort(e) || !runner.current(id)) return;
    statusLine.textContent = '';
    $('#file').hidden = true;
    showCreditError(errorBox, e);
  }
}

function render(f) {
  $('#file').hidden = false;
  $('#file-name').textContent = f.name;
  $('#file-uscc').textContent = f.uscc;
  const items = [];
  for (const [key, title] of Object.entries(lists)) {
    const current = ((f.lists && f.lists[key]) || []).filter((l) => !l.removed_on);
    items.push(...listingItems(current, title));
  }
  $('#file-lists').replaceChildren(...items);
  $('#lists-none').hidden = items.length > 0;
  const events = f.events || [];
  $('#events-none').hidden = events.length > 0;
  $('#events').hidden = events.length === 0;
  $('#events tbody').replaceChildren(...eventRows(events, false));
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const code = input.value.trim().toUpperCase();
  if (!USCC_RE.test(code)) {
    $('#file').hidden = true;
    errorBox.replaceChildren('请输入 18 位统一社会信用代码（数字和大写字母，不含 I、O、Z、S、V）。');
    errorBox.hidden = false;
    input.focus();
    return;
  }
  input.value = code;
  lookup(code, true);
});

const start = new URLSearchParams(location.search).get('uscc');
if (start) {
  input.value = start.trim().toUpperCase();
  lookup(input.value, false).finally(() => { document.documentElement.dataset.ready = 'true'; });
} else {
  document.documentElement.dataset.ready = 'true';
}
