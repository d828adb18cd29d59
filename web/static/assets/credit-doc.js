// The printable credit document (/credit/docs/{id}): a published decision
// for anyone; a notice or a decision sent to the party with its token (from
// the link's fragment or typed in) or a staff key.
import { $, api, ApiError, staffKey } from './common.js';
import { creditMessage } from './creditview.js';

const id = decodeURIComponent(location.pathname.split('/').pop() || '');
const statusLine = $('#doc-status');
const errorBox = $('#doc-error');
const tokenForm = $('#token-form');

/** chineseDate writes YYYY-MM-DD as 2026年7月22日. */
function chineseDate(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : d || '';
}

function render(d) {
  document.title = `${d.number} ${d.title}`;
  $('#doc-issuer').textContent = d.issuer;
  $('#doc-title').textContent = d.title;
  $('#doc-number').textContent = d.number;
  $('#doc-party').textContent = d.party;
  $('#doc-uscc').textContent = d.uscc;
  $('#doc-body').replaceChildren(...String(d.body).split('\n').map((p) => {
    const el = document.createElement('p');
    el.textContent = p;
    return el;
  }));
  $('#doc-basis').textContent = d.basis;
  $('#doc-rights').textContent = d.rights;
  $('#doc-sign').textContent = d.dept ? `${d.issuer}（${d.dept}）` : d.issuer;
  $('#doc-date').textContent = chineseDate(d.date);
  $('#doc-ref').textContent = `文书编号 ${d.id}；所涉记录 ${d.ref}${d.public ? '；本文书依法公示' : '；本文书送达当事人'}`;
  $('#doc-file').href = `/credit?uscc=${encodeURIComponent(d.uscc)}`;
  $('#doc').hidden = false;
  $('#doc-actions').hidden = false;
  tokenForm.hidden = true;
  errorBox.hidden = true;
  statusLine.textContent = '';
}

async function load(token) {
  const key = staffKey();
  const headers = {};
  if (token) headers['X-Party-Token'] = token;
  else if (key) headers.Authorization = `Bearer ${key}`;
  try {
    render(await api(`/api/v1/credit/documents/${encodeURIComponent(id)}`, { headers }));
  } catch (e) {
    statusLine.textContent = '';
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
      tokenForm.hidden = false;
      errorBox.textContent = e.status === 403 && token ? '该令牌不能查看此文书，请核对后重试。' : creditMessage(e);
      errorBox.hidden = !token && e.status === 401;
      $('#token').focus();
    } else {
      errorBox.textContent = creditMessage(e);
      errorBox.hidden = false;
    }
  }
}

tokenForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const t = $('#token').value.trim();
  if (!t) {
    errorBox.textContent = '请输入当事人令牌。';
    errorBox.hidden = false;
    $('#token').focus();
    return;
  }
  statusLine.textContent = '正在加载文书…';
  load(t);
});
$('#print').addEventListener('click', () => window.print());

const fromLink = new URLSearchParams(location.hash.slice(1)).get('token') || '';
load(fromLink).finally(() => { document.documentElement.dataset.ready = 'true'; });
