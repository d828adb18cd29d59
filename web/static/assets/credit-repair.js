// The public credit-repair page (/credit/repair): an application with its
// evidence (multipart/form-data), the token shown once, and the progress
// followed with the application's id and token.
import { $, h, api, clearError } from './common.js';
import { showCreditError, docLink, dash, USCC_RE } from './creditview.js';

export const repairStateLabel = {
  refused: '不符合修复条件，已办结',
  pending: '办理中',
  approved: '准予修复',
  rejected: '不予修复',
};

const applyForm = $('#apply-form');
const applyError = $('#apply-error');

function invalid(box, input, message) {
  box.textContent = message;
  box.hidden = false;
  input.focus();
}

applyForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError(applyError);
  const uscc = $('#ap-uscc').value.trim().toUpperCase();
  if (!USCC_RE.test(uscc)) return invalid(applyError, $('#ap-uscc'), '请输入 18 位统一社会信用代码。');
  const fields = [['#ap-target', '请填写修复对象编号。'], ['#ap-applicant', '请填写申请人。'], ['#ap-contact', '请填写联系方式。'],
    ['#ap-statement', '请填写申请理由。']];
  for (const [sel, msg] of fields) {
    if (!$(sel).value.trim()) return invalid(applyError, $(sel), msg);
  }
  const files = [...$('#ap-evidence').files];
  if (files.length > 5) return invalid(applyError, $('#ap-evidence'), '证明材料最多 5 个文件。');
  if (files.some((f) => f.size > 2 << 20)) return invalid(applyError, $('#ap-evidence'), '每个证明材料不能超过 2 MB。');
  const form = new FormData();
  form.append('data', JSON.stringify({
    uscc, target: $('#ap-target').value.trim().toUpperCase(), applicant: $('#ap-applicant').value.trim(),
    contact: $('#ap-contact').value.trim(), statement: $('#ap-statement').value.trim(),
  }));
  for (const f of files) form.append('evidence', f, f.name);
  const status = $('#apply-status');
  status.textContent = '正在提交…';
  try {
    const r = await api('/api/v1/credit/repairs', { method: 'POST', form });
    status.textContent = '';
    $('#done-id').textContent = r.id;
    $('#done-token').textContent = r.token;
    $('#done-state').textContent = r.state === 'refused'
      ? `不符合信用修复条件：${(r.eligibility.reasons || []).join('；')}`
      : `已提交，由${dash(r.dept)}办理：${r.accept_due} 前决定是否受理，${r.decision_due} 前作出决定。`;
    $('#apply-done').hidden = false;
    $('#apply-done').focus();
    $('#fw-id').value = r.id;
    $('#fw-token').value = r.token;
  } catch (err) {
    status.textContent = '';
    showCreditError(applyError, err);
  }
});

const followForm = $('#follow-form');
const followError = $('#follow-error');

async function follow(id, token, focus) {
  const status = $('#follow-status');
  status.textContent = '正在查询…';
  try {
    const r = await api(`/api/v1/credit/repairs/${encodeURIComponent(id)}`, { headers: { 'X-Party-Token': token } });
    status.textContent = '';
    clearError(followError);
    $('#fr-id').textContent = r.id;
    $('#fr-state').textContent = repairStateLabel[r.state] || r.state;
    $('#fr-target').textContent = `${r.target}（${r.uscc}）`;
    $('#fr-filed').textContent = dash(r.filed_on);
    $('#fr-accept').textContent = dash(r.accept_due);
    $('#fr-decision').textContent = r.decided_on ? `${r.decided_on} 已决定` : dash(r.decision_due);
    $('#fr-dept').textContent = dash(r.dept);
    $('#fr-reasons').textContent = dash(r.reasons);
    $('#fr-evidence').replaceChildren(...(r.evidence.length
      ? [h('ul', { class: 'plain' }, r.evidence.map((f) => h('li', null, `${f.filename}（${f.size} 字节）`)))] : ['—']));
    $('#fr-doc').replaceChildren(r.document_id ? docLink(r.document_id, r.document_no, token) : '—');
    $('#follow-result').hidden = false;
    if (focus) $('#follow-result').focus();
  } catch (err) {
    status.textContent = '';
    $('#follow-result').hidden = true;
    showCreditError(followError, err);
  }
}

followForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearError(followError);
  const id = $('#fw-id').value.trim().toUpperCase();
  const token = $('#fw-token').value.trim();
  if (!id) return invalid(followError, $('#fw-id'), '请填写申请编号。');
  if (!token) return invalid(followError, $('#fw-token'), '请填写查询令牌。');
  follow(id, token, true);
});

const start = new URLSearchParams(location.search);
if (start.get('target')) $('#ap-target').value = start.get('target');
if (start.get('uscc')) $('#ap-uscc').value = start.get('uscc');
document.documentElement.dataset.ready = 'true';
