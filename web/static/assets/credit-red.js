// The public announcement of red-list proposals (/credit/red): each
// proposal in its announcement with a form to object to it.
import { $, h, api, clearError, badge } from './common.js';
import { showCreditError, dash } from './creditview.js';

let seq = 0;

function objectionForm(r) {
  const n = ++seq;
  const err = h('div', { class: 'alert', role: 'alert', hidden: true });
  const applicant = h('input', { id: `ob-applicant-${n}`, type: 'text', maxlength: '100', required: true });
  const contact = h('input', { id: `ob-contact-${n}`, type: 'text', maxlength: '100', required: true });
  const statement = h('textarea', { id: `ob-statement-${n}`, maxlength: '5000', rows: '3', required: true });
  const form = h('form', { class: 'removal objection', 'data-id': r.id, novalidate: true },
    h('h3', { class: 'small' }, '提出异议'),
    h('div', { class: 'grid two' },
      h('div', { class: 'field' }, h('label', { for: applicant.id }, '异议人'), applicant),
      h('div', { class: 'field' }, h('label', { for: contact.id }, '联系方式（不公开）'), contact)),
    h('div', { class: 'field' }, h('label', { for: statement.id }, '异议内容及理由'), statement),
    err,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, '提交异议')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(err);
    for (const [input, msg] of [[applicant, '请填写异议人。'], [contact, '请填写联系方式。'], [statement, '请填写异议内容。']]) {
      if (!input.value.trim()) {
        err.textContent = msg;
        err.hidden = false;
        input.focus();
        return;
      }
    }
    try {
      const o = await api(`/api/v1/credit/red/${encodeURIComponent(r.id)}/objections`, {
        method: 'POST', body: { applicant: applicant.value.trim(), contact: contact.value.trim(), statement: statement.value.trim() },
      });
      form.reset();
      const done = $('#red-done');
      done.textContent = `已收到对“${r.name}”的第 ${o.no} 号异议，将由${dash(r.dept)}核查处理。`;
      done.hidden = false;
      await load();
    } catch (ex) {
      showCreditError(err, ex);
    }
  });
  return form;
}

function item(r) {
  return h('li', { class: 'listing current red', 'data-id': r.id },
    h('div', { class: 'row' }, h('strong', null, r.name), ' ', badge('公示中', 'due-soon')),
    h('p', { class: 'small code' }, r.uscc),
    h('p', { class: 'msg' }, `守信事实：${r.grounds}`),
    h('div', { class: 'meta-row' },
      h('span', null, `公示期：${r.proposed_on} 至 ${r.announce_until}`),
      h('span', null, `提出部门：${dash(r.dept)}`),
      h('span', null, `已收到异议：${(r.objections || []).length} 件`)),
    h('p', { class: 'cite' }, `依据：${r.basis}`),
    objectionForm(r));
}

async function load() {
  const status = $('#red-status');
  status.textContent = '正在加载…';
  try {
    const res = await api('/api/v1/credit/red/announcements');
    const items = res.items || [];
    $('#red-list').replaceChildren(...items.map(item));
    $('#red-empty').hidden = items.length > 0;
    status.textContent = items.length ? `共 ${items.length} 家企业正在公示` : '';
    clearError($('#red-error'));
  } catch (e) {
    status.textContent = '';
    showCreditError($('#red-error'), e);
  }
}

load().finally(() => { document.documentElement.dataset.ready = 'true'; });
