// The name self-check page (/): checks the name as the applicant types.
import {
  $, h, api, isAbort, showError, clearError, safeMarkup, debounce, latest,
  severityLabel, statusLabel, badge, meta, draft, saveDraft,
} from './common.js';

const form = $('#check-form');
const nameIn = $('#name');
const authorityIn = $('#authority');
const entTypeIn = $('#ent-type');
const industryIn = $('#industry');
const statusLine = $('#check-status');
const errorBox = $('#check-error');
const result = $('#result');
const acceptBox = $('#commitment-accept');

const verdictInfo = {
  pass: { icon: '✓', text: '未发现不符合规定之处，可以继续申报。' },
  warn: { icon: '!', text: '与在先名称或商标相近，存在被异议的风险；接受承诺后可以继续申报。' },
  approval: { icon: '?', text: '名称中有须经批准方可使用的内容，取得批准文件后才能继续申报。' },
  block: { icon: '✕', text: '名称不符合规定，不能申报，请按下列意见修改。' },
};

const rank = { block: 4, approval: 3, warn: 2, info: 1 };

let current = null; // { req, res } of the result on the page
const runner = latest();
const later = debounce(() => run(), 350);

function request() {
  const req = { name: nameIn.value.trim(), authority_code: authorityIn.value };
  if (entTypeIn.value) req.ent_type = entTypeIn.value;
  if (industryIn.value) req.industry_code = industryIn.value;
  return req;
}

function status(text) {
  statusLine.textContent = text;
}

async function run() {
  later.cancel();
  const req = request();
  if (!req.name) {
    runner.cancel();
    reset();
    return;
  }
  const { signal, id } = runner.start();
  form.setAttribute('aria-busy', 'true');
  status('正在检查…');
  try {
    const res = await api('/api/v1/names/check', { method: 'POST', body: req, signal });
    if (!runner.current(id)) return;
    clearError(errorBox);
    render(req, res);
    status(`检查完成：${severityLabel[res.verdict] || res.verdict}`);
  } catch (e) {
    if (isAbort(e) || !runner.current(id)) return;
    result.hidden = true;
    current = null;
    showError(errorBox, e);
    status('检查未完成');
  } finally {
    if (runner.current(id)) form.removeAttribute('aria-busy');
  }
}

function reset() {
  form.removeAttribute('aria-busy');
  result.hidden = true;
  current = null;
  clearError(errorBox);
  status('');
}

/** marked renders text with the character ranges of spans wrapped in <mark>. */
function marked(text, spans) {
  const chars = Array.from(text);
  const sev = new Array(chars.length).fill('');
  for (const { span, severity } of spans) {
    if (!span || span[1] <= span[0]) continue;
    for (let i = Math.max(0, span[0]); i < Math.min(chars.length, span[1]); i++) {
      if (!sev[i] || (rank[severity] || 0) > (rank[sev[i]] || 0)) sev[i] = severity;
    }
  }
  const out = [];
  let i = 0;
  while (i < chars.length) {
    let j = i;
    while (j < chars.length && sev[j] === sev[i]) j++;
    const piece = chars.slice(i, j).join('');
    out.push(sev[i] ? h('mark', { class: `sev-${sev[i]}` }, piece) : piece);
    i = j;
  }
  return out;
}

function spanText(text, span) {
  if (!span || span[1] <= span[0]) return '';
  return Array.from(text).slice(span[0], span[1]).join('');
}

function render(req, res) {
  const key = `${res.normalized}|${req.authority_code}|${req.ent_type || ''}|${req.industry_code || ''}`;
  const sameName = current && current.key === key;
  current = { req, res, key };
  result.hidden = false;

  // Verdict
  const v = $('#verdict');
  v.className = `verdict ${res.verdict}`;
  v.dataset.verdict = res.verdict;
  const info = verdictInfo[res.verdict] || { icon: '·', text: '' };
  $('.icon', v).textContent = info.icon;
  $('#verdict-title').textContent = severityLabel[res.verdict] || res.verdict;
  $('#verdict-text').textContent = info.text;

  // Name and parts
  const findings = res.findings || [];
  $('#name-view').replaceChildren(...marked(res.normalized, findings));
  for (const dd of document.querySelectorAll('#parts dd')) {
    dd.textContent = (res.parts && res.parts[dd.dataset.part]) || '—';
  }

  // Findings
  $('#no-findings').hidden = findings.length > 0;
  $('#findings').replaceChildren(...findings.map((f, i) => {
    const part = spanText(res.normalized, f.span);
    return h('li', { class: `finding sev-${f.severity}`, 'data-code': f.code },
      h('div', { class: 'meta-row' },
        badge(severityLabel[f.severity] || f.severity, `sev-${f.severity}`),
        part ? h('span', null, '涉及：', h('span', { class: 'name-frag' }, ...marked(res.normalized, [f]))) : null),
      h('p', { class: 'msg' }, f.message),
      f.rule ? h('p', { class: 'rule' }, `依据：${f.rule}`) : null,
      reportControl(req, res, f, i));
  }));

  // Similar names
  const similar = res.similar || [];
  $('#similar-section').hidden = similar.length === 0;
  $('#similar').replaceChildren(...similar.map((s) => h('li', { class: 'similar' },
    h('p', { class: 'nm' }, safeMarkup(s.highlight || s.name)),
    h('div', { class: 'meta-row' },
      badge(statusLabel[s.status] || s.status, `st-${s.status}`),
      s.uscc ? h('span', null, `统一社会信用代码 ${s.uscc}`) : null,
      typeof s.score === 'number' ? h('span', null, `相近程度 ${Math.round(s.score * 100)}%`) : null),
    h('ul', { class: 'reasons', 'aria-label': '相近理由' },
      ...(s.reasons || []).map((r) => h('li', { 'data-code': r.code }, r.detail))))));

  // Trademarks
  const marks = res.marks || [];
  $('#marks-section').hidden = marks.length === 0;
  $('#marks').replaceChildren(...marks.map((m) => h('li', { class: 'mark-hit' },
    h('p', { class: 'nm' }, `商标“${m.mark}”`, ' ', m.well_known ? badge('驰名商标', 'sev-approval') : null),
    h('div', { class: 'meta-row' },
      m.reg_no ? h('span', null, `注册号 ${m.reg_no}`) : null,
      m.classes && m.classes.length ? h('span', null, `类别 ${m.classes.map((c) => `第${c}类`).join('、')}`) : null,
      m.holder ? h('span', null, `权利人 ${m.holder}`) : null),
    h('ul', { class: 'reasons', 'aria-label': '相近理由' },
      ...(m.reasons || []).map((r) => h('li', { 'data-code': r.code }, r.detail))))));

  // Commitment for a warning
  const warn = res.verdict === 'warn';
  $('#commitment').hidden = !warn;
  if (!sameName) acceptBox.checked = false;
  const d = draft();
  if (warn && d.name === res.normalized && d.authority_code === req.authority_code && d.commitment_accepted) {
    acceptBox.checked = true;
  }
  saveDraft({
    name: res.normalized, input: req.name, authority_code: req.authority_code,
    ent_type: req.ent_type || '', industry_code: req.industry_code || '',
    verdict: res.verdict, commitment_accepted: warn && acceptBox.checked,
    similar: similar.map((s) => s.name),
  });
  updateNext();
}

/**
 * reportControl is the "认为有误？报告" button of a finding and the inline
 * form it opens: a note, sent with the finding's code and the answer's
 * rules_version to the staff's queue of reports.
 */
function reportControl(req, res, f, i) {
  const id = `report-${i}`;
  const toggle = h('button', {
    type: 'button', class: 'link report-toggle', 'aria-expanded': 'false', 'aria-controls': id,
  }, '认为有误？报告');
  const note = h('textarea', {
    id: `${id}-note`, maxlength: '500', rows: '3', 'aria-describedby': `${id}-hint`,
  });
  const error = h('div', { class: 'alert', role: 'alert', hidden: true });
  const send = h('button', { type: 'submit', class: 'small' }, '提交报告');
  const cancel = h('button', { type: 'button', class: 'small secondary' }, '取消');
  const done = h('p', { class: 'report-done', role: 'status', tabindex: '-1' });
  const form = h('form', { id, class: 'report-form', hidden: true, novalidate: true, 'aria-label': `报告检查意见有误：${f.message}` },
    h('div', { class: 'field' },
      h('label', { for: note.id }, '您认为这条意见哪里有误？（可选）'),
      note,
      h('span', { id: `${id}-hint`, class: 'hint' }, '最多 500 字。报告会连同名称、意见代码和规则版本交给工作人员复核。')),
    error,
    h('div', { class: 'actions' }, send, cancel));

  const close = () => {
    form.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    toggle.focus();
  };
  toggle.addEventListener('click', () => {
    const open = form.hidden;
    form.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) note.focus();
  });
  cancel.addEventListener('click', close);
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError(error);
    send.disabled = true;
    const body = {
      name: req.name, authority_code: req.authority_code, finding_code: f.code,
      note: note.value.trim(), rules_version: res.rules_version || '',
    };
    if (req.industry_code) body.industry_code = req.industry_code;
    if (req.ent_type) body.ent_type = req.ent_type;
    try {
      await api('/api/v1/names/reports', { method: 'POST', body });
      form.remove();
      toggle.remove();
      done.textContent = '已提交，感谢反馈。工作人员会复核。';
      done.focus();
    } catch (err) {
      showError(error, err);
      send.disabled = false;
      note.focus();
    }
  });
  return h('div', { class: 'report' }, toggle, form, done);
}

function updateNext() {
  if (!current) return;
  const { res } = current;
  const accepted = acceptBox.checked;
  $('#commitment-done').hidden = !(res.verdict === 'warn' && accepted);
  const next = $('#next');
  const text = $('#next-text');
  if (res.verdict === 'pass' || (res.verdict === 'warn' && accepted)) {
    next.hidden = false;
    text.textContent = `名称“${res.normalized}”可以继续申报：请选择经营范围，再申请名称保留。`;
  } else if (res.verdict === 'approval') {
    next.hidden = false;
    text.textContent = '取得批准文件后，可以继续选择经营范围并在申请名称保留时填写批准文号。';
  } else {
    next.hidden = true;
  }
}

acceptBox.addEventListener('change', () => {
  if (!current) return;
  saveDraft({ commitment_accepted: acceptBox.checked, commitment_text: $('#commitment-text').textContent });
  updateNext();
});

nameIn.addEventListener('input', () => {
  if (!nameIn.value.trim()) {
    later.cancel();
    runner.cancel();
    reset();
    return;
  }
  status('输入中…');
  later();
});
for (const sel of [authorityIn, entTypeIn, industryIn]) {
  sel.addEventListener('change', () => { if (nameIn.value.trim()) run(); });
}
form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!nameIn.value.trim()) {
    errorBox.textContent = '请输入拟申报的企业名称。';
    errorBox.hidden = false;
    nameIn.focus();
    return;
  }
  run();
});

function fill(select, options, selected) {
  select.replaceChildren(...options.map((o) => h('option', { value: o.code, selected: o.code === selected }, o.label)));
}

async function init() {
  const d = draft();
  try {
    const m = await meta();
    fill(authorityIn, m.authorities, d.authority_code || m.default_authority);
    fill(entTypeIn, [{ code: '', label: '不指定' }, ...m.ent_types], d.ent_type ?? 'limited_company');
    const keep = industryIn.options[0];
    industryIn.replaceChildren(keep, ...m.industries.map((g) => h('optgroup', { label: g.label },
      h('option', { value: g.code, selected: g.code === d.industry_code }, `${g.label}（整个门类）`),
      ...g.divisions.map((o) => h('option', { value: o.code, selected: o.code === d.industry_code }, o.label)))));
    $('#commitment-text').textContent = m.commitment;
  } catch (e) {
    showError(errorBox, e);
  }
  if (d.input && !nameIn.value) nameIn.value = d.input;
  if (nameIn.value.trim()) run();
  document.documentElement.dataset.ready = 'true';
}

init();
