// Reserve the checked name with the chosen scope (/reserve).
import {
  $, h, api, ApiError, showError, clearError, severityLabel, badge, meta, draft, saveDraft, copyText,
} from './common.js';

const form = $('#reserve-form');
const errorBox = $('#reserve-error');
const statusLine = $('#reserve-status');
const submit = $('#reserve-submit');
let token = '';

function labelOf(list, code) {
  const o = (list || []).find((x) => x.code === code);
  return o ? o.label : code;
}

async function init() {
  const d = draft();
  let m = null;
  try { m = await meta(); } catch (e) { showError(errorBox, e); }
  if (!d.name) {
    $('#no-name').hidden = false;
    document.documentElement.dataset.ready = 'true';
    return;
  }
  $('#summary').hidden = false;
  $('#sum-name').textContent = d.name;
  $('#sum-authority').textContent = labelOf(m && m.authorities, d.authority_code);
  $('#sum-ent-type').textContent = d.ent_type ? labelOf(m && m.ent_types, d.ent_type) : '未指定';
  $('#sum-verdict').replaceChildren(badge(severityLabel[d.verdict] || d.verdict || '未检查', `sev-${d.verdict}`),
    d.verdict === 'warn' && d.commitment_accepted ? ' 已接受承诺' : '');
  const sc = d.scope || {};
  $('#sum-scope').textContent = sc.text || (sc.items && sc.items.length ? sc.items.map((e) => e.wording).join('；') : '尚未选择（可在登记前补充）');

  if (d.verdict === 'block') {
    const p = h('p', { class: 'alert', role: 'alert' }, '该名称不予通过，不能申请保留。请返回名称自查修改后重新检查。');
    $('#summary').append(p);
    document.documentElement.dataset.ready = 'true';
    return;
  }
  form.hidden = false;
  if (d.verdict === 'warn') {
    $('#commitment-box').hidden = false;
    $('#commitment-text').textContent = d.commitment_text || (m && m.commitment) || '';
    $('#commitment').checked = !!d.commitment_accepted;
  }
  $('#approval-box').hidden = d.verdict !== 'approval';
  document.documentElement.dataset.ready = 'true';
}

function showRefusal(err) {
  const list = $('#refusal-findings');
  const body = err.body || {};
  const check = body.check || (body.error && body.error.check);
  const findings = check && Array.isArray(check.findings) ? check.findings.filter((f) => f.severity !== 'info') : [];
  list.hidden = findings.length === 0;
  list.replaceChildren(...findings.map((f) => h('li', { class: `finding sev-${f.severity}` },
    badge(severityLabel[f.severity] || f.severity, `sev-${f.severity}`), h('p', { class: 'msg' }, f.message))));
  const text = body.commitment_text || (body.error && body.error.commitment_text);
  if (text) {
    $('#commitment-box').hidden = false;
    $('#commitment-text').textContent = text;
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError(errorBox);
  $('#refusal-findings').hidden = true;
  const d = draft();
  const applicant = $('#applicant').value.trim();
  if (!applicant) {
    errorBox.textContent = '请填写申请人。';
    errorBox.hidden = false;
    $('#applicant').focus();
    return;
  }
  const needCommitment = !$('#commitment-box').hidden;
  if (needCommitment && !$('#commitment').checked) {
    errorBox.textContent = '申报名称与在先名称相近，请先阅读并接受承诺。';
    errorBox.hidden = false;
    $('#commitment').focus();
    return;
  }
  if (!$('#approval-box').hidden && !$('#approval-ref').value.trim()) {
    errorBox.textContent = '请填写批准文件文号或审查编号。';
    errorBox.hidden = false;
    $('#approval-ref').focus();
    return;
  }
  const sc = d.scope || {};
  const body = {
    name: d.input || d.name,
    authority_code: d.authority_code,
    applicant,
    contact: $('#contact').value.trim(),
    scope_codes: sc.codes || [],
    pre_approval: !!sc.pre_approval,
  };
  if (d.industry_code) body.industry_code = d.industry_code;
  if (d.ent_type) body.ent_type = d.ent_type;
  if (needCommitment) {
    body.commitment = true;
    body.commitment_text = $('#commitment-text').textContent;
  }
  const ref = $('#approval-ref').value.trim();
  if (ref) body.approval_ref = ref;

  submit.disabled = true;
  statusLine.textContent = '正在提交…';
  try {
    const res = await api('/api/v1/names/reservations', { method: 'POST', body });
    statusLine.textContent = '';
    done(res);
  } catch (err) {
    statusLine.textContent = '';
    if (err instanceof ApiError && err.status === 409) {
      errorBox.textContent = err.serverMessage || err.message;
      errorBox.hidden = false;
      showRefusal(err);
    } else {
      showError(errorBox, err);
    }
  } finally {
    submit.disabled = false;
  }
});

function done(res) {
  const rec = res.reservation || res.record || res.name || res;
  token = res.token || res.applicant_token || '';
  form.hidden = true;
  $('#summary-actions').hidden = true;
  const box = $('#done');
  box.hidden = false;
  $('#done-id').textContent = rec.id || '';
  $('#done-name').textContent = rec.name || '';
  $('#done-until').textContent = rec.reserved_until || '';
  $('#done-text').textContent = `“${rec.name}”已保留至 ${rec.reserved_until}。请在保留期内办理设立登记。`;
  $('#done-token').textContent = token;
  saveDraft({ reservation: { id: rec.id, name: rec.name, reserved_until: rec.reserved_until } });
  box.focus();
}

$('#copy-token').addEventListener('click', async () => {
  const ok = await copyText(token);
  $('#copy-status').textContent = ok ? '已复制到剪贴板' : '复制失败，请手动选中凭证复制';
});

init();
