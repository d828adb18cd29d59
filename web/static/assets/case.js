// A dispute case (/staff/disputes/{id}): both names side by side with the
// similarity evidence, the file, the timeline and a form for each step the
// case can take now.
import {
  $, h, api, ApiError, showError, clearError, safeMarkup, badge, formatTime, staffKey,
  requireStaff, wireSignOut, handleStaffError, deadlineText, deadlineBadge, severityLabel, statusLabel,
} from './common.js';

const stateLabel = {
  received: '已收到申请、待受理审查',
  material_requested: '已告知补正材料',
  rejected: '不予受理',
  accepted: '已受理、待送达',
  served: '已送达、答辩期',
  answered: '已答辩',
  mediation_failed: '调解不成',
  ruling_drafted: '裁决待签署',
  mediated: '调解结案',
  dismissed: '裁决驳回申请',
  ordered_to_change: '裁决责令停止使用名称',
};

const actionLabel = {
  file: '提出争议申请',
  request_material: '一次性告知补正',
  supplement: '补正材料',
  accept: '受理',
  reject: '不予受理',
  serve: '送达答辩副本',
  answer: '答辩',
  mediate_success: '调解成功',
  mediate_failure: '调解不成',
  draft_ruling: '拟定裁决',
  sign_dismissal: '签署驳回裁决',
  sign_order: '签署责令停止使用名称的裁决',
  extend: '延长裁决期限',
  declare_interest: '声明利害关系（回避）',
};

const outcomeLabel = {
  dismissed: '驳回申请',
  must_change: '责令被申请人停止使用名称',
  mediated: '调解结案',
  rejected: '不予受理',
};

const reasonLabel = { identical: '相同', similar: '相近', not_listed: '未列出' };

// The steps staff take, with their fields. The server decides; the page
// offers the steps the state allows.
const steps = {
  accept: {
    title: '受理', button: '受理',
    fields: [{ name: 'note', label: '受理意见（可选）', type: 'textarea' }],
  },
  'request-material': {
    title: '一次性告知补正', button: '告知补正',
    fields: [{ name: 'missing', label: '需补正的材料', type: 'textarea', required: true }],
  },
  reject: {
    title: '不予受理', button: '不予受理', danger: true,
    fields: [{ name: 'reason', label: '不予受理的理由', type: 'textarea', required: true }],
  },
  serve: {
    title: '送达答辩副本', button: '确认已送达',
    hint: '确认已向被申请人送达申请书副本；答辩期 10 个工作日，系统将生成被申请人令牌。',
    fields: [{ name: 'note', label: '送达方式和说明（可选）', type: 'textarea' }],
  },
  answer: {
    title: '录入被申请人答辩', button: '录入答辩',
    hint: '被申请人以书面方式提交答辩时，由办案人员录入。',
    fields: [{ name: 'answer', label: '答辩意见', type: 'textarea', required: true }],
  },
  mediation: {
    title: '调解', button: '记录调解结果',
    fields: [
      { name: 'result', label: '调解结果', type: 'radio', required: true, options: [['success', '调解成功，结案'], ['failure', '调解不成']] },
      { name: 'text', label: '调解协议或未达成一致的原因', type: 'textarea', required: true },
    ],
  },
  ruling: {
    title: '拟定裁决', button: '提交裁决草稿',
    hint: '草稿须由另一名办案人员签署后生效。',
    fields: [
      { name: 'outcome', label: '裁决结果', type: 'radio', required: true, options: [['must_change', '责令被申请人停止使用名称'], ['dismissed', '驳回申请']] },
      { name: 'reasons', label: '裁决理由', type: 'textarea', required: true },
    ],
  },
  sign: {
    title: '签署裁决', button: '签署裁决',
    hint: '裁决须由拟稿人以外的第二名办案人员签署后生效；已声明回避的人员不能签署。',
    fields: [],
  },
  extension: {
    title: '延长裁决期限', button: '延长期限',
    hint: '裁决期限只能延长一次，最多 3 个月。',
    fields: [
      { name: 'reason', label: '延长理由', type: 'textarea', required: true },
      { name: 'until', label: '延长至', type: 'date', required: true },
    ],
  },
  interest: {
    title: '声明利害关系（回避）', button: '声明回避', danger: true,
    fields: [{ name: 'reason', label: '利害关系说明', type: 'textarea', required: true }],
  },
};

const afterAccepted = ['accepted', 'served', 'answered', 'mediation_failed', 'ruling_drafted'];

function stepsFor(d) {
  const byState = {
    received: ['accept', 'request-material', 'reject'],
    material_requested: ['reject'],
    accepted: ['serve'],
    served: ['answer', 'mediation', 'ruling'],
    answered: ['mediation', 'ruling'],
    mediation_failed: ['mediation', 'ruling'],
    ruling_drafted: ['sign', 'ruling'],
  };
  const out = [...(byState[d.state] || [])];
  if (afterAccepted.includes(d.state) && !d.extension) out.push('extension');
  if (out.length) out.push('interest');
  return out;
}

function actorName(a) {
  if (!a) return '系统';
  const [role, id] = String(a).split(':');
  switch (role) {
    case 'staff': return `办案人员 ${id || ''}`.trim();
    case 'admin': return `管理员 ${id || ''}`.trim();
    case 'registrar': return '登记系统';
    case 'applicant': return '申请人';
    case 'respondent': return '被申请人';
    case 'system': return '系统';
    default: return a;
  }
}

/**
 * personName names who acted: the holder and department of a named key
 * (a signature or a timeline event carries them), else the actor's role.
 */
function personName(p, actor) {
  if (p && p.holder) return p.dept ? `${p.holder}（${p.dept}）` : p.holder;
  return actorName(actor);
}

/** signatureNames are the ruling's signatures, drafter first. */
function signatureNames(r) {
  if (r.signatures && r.signatures.length) {
    return r.signatures.map((s) => personName(s, `${s.role}:${s.key_id}`));
  }
  return (r.signers || []).map(actorName);
}

/** nameWithTradeName marks the 字号 inside the name. */
function nameWithTradeName(nm, trade) {
  const i = trade ? nm.indexOf(trade) : -1;
  if (i < 0) return [nm];
  return [nm.slice(0, i), h('mark', null, trade), nm.slice(i + trade.length)];
}

const id = decodeURIComponent(location.pathname.split('/').pop() || '');
let current = null;

if (requireStaff()) {
  wireSignOut();
  load().finally(() => { document.documentElement.dataset.ready = 'true'; });
}

async function load() {
  const errorBox = $('#case-error');
  try {
    const d = await api(`/api/v1/disputes/${encodeURIComponent(id)}`, { staff: true });
    clearError(errorBox);
    render(d);
  } catch (e) {
    $('#case').hidden = true;
    if (e instanceof ApiError && e.status === 404) {
      errorBox.textContent = `未找到案件 ${id}。`;
      errorBox.hidden = false;
    } else {
      handleStaffError(errorBox, e);
    }
  }
}

function render(d) {
  current = d;
  $('#case').hidden = false;
  document.title = `争议案件 ${d.id} · 工作人员 · 企业名称自主申报`;
  $('#case-title').replaceChildren(`争议案件 ${d.id} `, badge(d.state_label || stateLabel[d.state] || d.state, 'sev-info'));

  // Deadlines
  const dl = d.deadlines || {};
  const rows = [
    ['今天', dl.today],
    ['当前状态', d.state_label || stateLabel[d.state]],
    dl.next_step ? ['下一步', dl.next_step] : null,
    dl.next_due ? ['期限', [deadlineBadge(dl), ' ', h('span', { class: `deadline ${dl.overdue ? 'overdue' : dl.due_soon ? 'due-soon' : ''}`, id: 'next-due' }, deadlineText(dl))]] : null,
    ['收到申请', d.received_on],
    d.accepted_on ? ['受理', d.accepted_on] : null,
    d.served_on ? ['送达', d.served_on] : null,
    d.answer_due ? ['答辩期至', d.answer_due] : null,
    d.ruling_due ? ['裁决期限', d.ruling_due + (d.extension ? `（已延长：${d.extension.reason}）` : '')] : null,
    d.closed_on ? ['结案', d.closed_on] : null,
    dl.calendar_note ? ['说明', dl.calendar_note] : null,
  ].filter(Boolean);
  $('#deadlines').replaceChildren(...rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]));

  // Both names, side by side, with the similarity evidence
  const rep = d.similarity_report || {};
  const side = (title, party, ns) => [
    h('h3', null, title),
    h('p', { class: 'nm' }, ...nameWithTradeName(party.name, ns && ns.trade_name)),
    h('div', { class: 'meta-row' },
      party.uscc ? h('span', null, `统一社会信用代码 ${party.uscc}`) : null,
      party.registered_here ? badge('本辖区登记', 'st-active') : badge('非本辖区登记', 'st-cancelled')),
    ns ? h('dl', { class: 'parts' },
      ...[['行政区划', ns.region], ['字号', ns.trade_name], ['行业', ns.industry], ['组织形式', ns.org_form]]
        .map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v || '—')))) : null,
  ];
  $('#side-applicant').replaceChildren(...side('申请人（在先权利人）', d.applicant, rep.applicant));
  $('#side-respondent').replaceChildren(...side('被申请人', d.respondent, rep.respondent));
  $('#report-summary').textContent = rep.summary || '（无比对报告）';
  const reasons = rep.reasons || [];
  $('#report-reasons').replaceChildren(
    ...(rep.same_trade_name ? [h('li', { 'data-code': 'same_trade_name' }, '两名称字号相同')] : []),
    ...reasons.map((r) => h('li', { 'data-code': r.code }, r.detail)));
  const chk = rep.respondent_check;
  $('#report-check').replaceChildren(...(chk ? [
    h('p', null, '对被申请人名称的核查：', badge(severityLabel[chk.verdict] || chk.verdict, `sev-${chk.verdict}`),
      rep.applicant_in_check ? ` 申请人名称在核查中：${reasonLabel[rep.applicant_in_check] || rep.applicant_in_check}` : ''),
    ...(chk.similar || []).slice(0, 5).map((s) => h('div', { class: 'similar' },
      h('p', { class: 'nm' }, safeMarkup(s.highlight || s.name)),
      h('div', { class: 'meta-row' }, badge(statusLabel[s.status] || s.status, `st-${s.status}`),
        ...(s.reasons || []).map((r) => h('span', null, r.detail))))),
  ] : rep.check_error ? [h('p', { class: 'muted' }, `核查未完成：${rep.check_error}`)] : []));

  // The file
  $('#claims').textContent = d.claims || '';
  $('#facts').textContent = d.facts || '';
  const ev = d.evidence || [];
  $('#no-evidence').hidden = ev.length > 0;
  $('#evidence').replaceChildren(...ev.map((f) => h('li', null,
    `${f.filename}（${Math.ceil(f.size / 1024)} KB，${f.party === 'respondent' ? '被申请人' : f.party === 'staff' ? '办案人员' : '申请人'}提交）`, ' ',
    h('button', { type: 'button', class: 'link', onclick: () => download(f) }, '下载'))));
  $('#answer-box').hidden = !d.answer;
  if (d.answer) $('#answer').textContent = `${d.answer.text}（${d.answer.on}${d.answer.late ? '，逾期提交' : ''}）`;
  const med = d.mediations || [];
  $('#mediations-box').hidden = med.length === 0;
  $('#mediations').replaceChildren(...med.map((m) => h('li', null,
    `${m.on} ${m.result === 'success' ? '调解成功' : '调解不成'}：${m.text}（${actorName(m.by)}）`)));
  const r = d.ruling || d.draft;
  $('#ruling-box').hidden = !r;
  if (r) {
    $('#ruling-title').textContent = d.ruling ? '裁决（已生效）' : '裁决草稿（待签署）';
    const rr = [
      ['裁决结果', outcomeLabel[r.outcome] || r.outcome],
      ['理由', r.reasons],
      ['拟稿', `${personName(r.signatures && r.signatures[0], r.drafted_by)}，${r.drafted_on}`],
      signatureNames(r).length ? ['签署', signatureNames(r).join('、')] : null,
      r.effective_on ? ['生效日期', r.effective_on] : null,
      r.change_due ? ['变更期限', `被申请人须于 ${r.change_due} 前申请名称变更登记`] : null,
      r.note ? ['说明', r.note] : null,
    ].filter(Boolean);
    $('#ruling').replaceChildren(...rr.flatMap(([k, v]) => [h('dt', null, k), h('dd', { class: 'prewrap' }, v)]));
  }

  // Steps
  const avail = stepsFor(d);
  $('#no-steps').hidden = avail.length > 0;
  $('#steps').replaceChildren(...avail.map(stepForm));

  // Timeline, newest first
  $('#timeline').replaceChildren(...(d.timeline || []).slice().reverse().map((e) => h('li', { 'data-action': e.action },
    h('time', { datetime: e.at }, formatTime(e.at)),
    h('strong', null, actionLabel[e.action] || e.action), ' ',
    e.late ? badge('逾期办理', 'overdue') : null,
    h('span', { class: 'small muted' }, `（${personName(e, e.actor)}${e.to ? `；${stateLabel[e.from] ? `${stateLabel[e.from]} → ` : ''}${stateLabel[e.to] || e.to}` : ''}）`),
    e.note ? h('p', { class: 'small prewrap' }, e.note) : null)));
}

function stepForm(key) {
  const s = steps[key];
  const errId = `step-${key}-error`;
  const fields = s.fields.map((f) => {
    const fid = `step-${key}-${f.name}`;
    if (f.type === 'radio') {
      return h('fieldset', null, h('legend', null, f.label),
        ...f.options.map(([v, label], i) => h('div', { class: 'check' },
          h('input', { type: 'radio', name: f.name, id: `${fid}-${v}`, value: v, checked: i === 0, required: f.required }),
          h('label', { for: `${fid}-${v}` }, label))));
    }
    const input = f.type === 'textarea'
      ? h('textarea', { id: fid, name: f.name, rows: '3', maxlength: '4000', required: f.required })
      : h('input', { id: fid, name: f.name, type: f.type || 'text', required: f.required });
    return h('div', { class: 'field' }, h('label', { for: fid }, f.label), input);
  });
  const form = h('form', { 'data-step': key, novalidate: true, 'aria-labelledby': `step-${key}-title` },
    h('h3', { id: `step-${key}-title` }, s.title),
    s.hint ? h('p', { class: 'small muted' }, s.hint) : null,
    ...fields,
    h('div', { id: errId, class: 'alert', role: 'alert', hidden: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: s.danger ? 'danger' : '' }, s.button)));
  form.addEventListener('submit', (ev) => submitStep(ev, key, form));
  return form;
}

async function submitStep(ev, key, form) {
  ev.preventDefault();
  const s = steps[key];
  const errBox = form.querySelector('.alert');
  clearError(errBox);
  const body = {};
  for (const f of s.fields) {
    let v;
    if (f.type === 'radio') v = (form.querySelector(`input[name="${f.name}"]:checked`) || {}).value || '';
    else v = form.querySelector(`[name="${f.name}"]`).value.trim();
    if (f.required && !v) {
      errBox.textContent = `请填写“${f.label}”。`;
      errBox.hidden = false;
      const el = form.querySelector(`[name="${f.name}"]`);
      if (el) el.focus();
      return;
    }
    if (v) body[f.name] = v;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const res = await api(`/api/v1/disputes/${encodeURIComponent(id)}/${key}`, {
      method: 'POST', staff: true, body: Object.keys(body).length ? body : undefined,
    });
    const d = res.dispute || res;
    const tokenBox = $('#token-once');
    if (res.respondent_token) {
      $('#respondent-token').textContent = res.respondent_token;
      tokenBox.hidden = false;
    } else {
      tokenBox.hidden = true;
    }
    render(d);
    const done = $('#step-done');
    const last = (d.timeline || [])[d.timeline.length - 1];
    done.textContent = `已办理：${s.title}。${last && last.note ? last.note : ''}`;
    done.hidden = false;
    done.focus();
  } catch (e) {
    handleStaffError(errBox, e);
    button.disabled = false;
  }
}

async function download(f) {
  const box = $('#evidence-error');
  clearError(box);
  try {
    const resp = await fetch(`/api/v1/disputes/${encodeURIComponent(id)}/evidence/${f.no}`, {
      headers: { Authorization: `Bearer ${staffKey()}` },
    });
    if (!resp.ok) {
      let msg = '';
      try { msg = (await resp.json()).error.message; } catch { msg = ''; }
      throw new ApiError(resp.status, 'download', msg ? `下载失败：${msg}` : '下载失败，请稍后重试。');
    }
    const blob = await resp.blob();
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: f.filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    if (e instanceof ApiError) showError(box, e);
    else showError(box, new ApiError(0, 'network', '无法连接到服务器，下载未完成。'));
  }
}

