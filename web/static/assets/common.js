// Shared helpers of the namescope pages: DOM building, API calls with
// errors in plain Chinese, server-marked highlights, labels, the staff
// session and the applicant's draft kept between pages.

/** querySelector shorthand. */
export const $ = (sel, root = document) => root.querySelector(sel);

/**
 * h builds an element: h('p', {class: 'x'}, 'text', child…). Strings are
 * always text nodes, never markup. Attributes starting with "on" are event
 * listeners; false/null/undefined attributes are left out.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.append(c);
    else el.append(String(c));
  }
}

/** An error answered by the API, with a message for people. */
export class ApiError extends Error {
  constructor(status, code, message, serverMessage = '') {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }
}

/** The message shown for an HTTP status, built on the server's own words. */
export function describeError(status, serverMessage) {
  const said = serverMessage ? String(serverMessage) : '';
  switch (status) {
    case 400: return said ? `提交的内容有误：${said}` : '提交的内容有误，请检查后重试。';
    case 401: return '工作人员密钥无效或已被吊销，请重新登录。';
    case 403: return '您的密钥没有执行此操作的权限，请使用工作人员密钥登录。';
    case 404: return said && said !== '没有这个接口' ? `未找到：${said}` : '未找到所请求的内容，该功能可能尚未开通。';
    case 405: return '该功能暂不可用。';
    case 409: return said ? `操作无法完成：${said}` : '操作与当前状态冲突，请刷新后重试。';
    case 413: return '提交的内容过大，请精简后重试。';
    case 429: return '请求过于频繁，请稍等片刻再试。';
    case 408: case 504: return '服务器处理超时，请稍后重试。';
    case 503: return said || '服务暂时不可用，请稍后重试。';
  }
  if (status >= 500) return '服务器暂时出现问题，请稍后重试。如问题持续，请联系登记机关。';
  return said || `请求未成功（状态 ${status}），请稍后重试。`;
}

/**
 * api calls the HTTP API and returns the decoded JSON answer. It throws an
 * ApiError whose message is ready to show, or the AbortError of a
 * cancelled request (callers ignore those).
 */
export async function api(path, { method = 'GET', body, form, raw, signal, staff = false, headers: extra } = {}) {
  // form is a FormData sent as multipart/form-data (the browser sets its
  // boundary); raw is a body sent as it is (an ArrayBuffer or a string),
  // its Content-Type given in extra; extra are more headers (a party's
  // X-Party-Token).
  const headers = { Accept: 'application/json', ...(extra || {}) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (staff) {
    const key = staffKey();
    if (!key) throw new ApiError(401, 'no_key', '请先使用工作人员密钥登录。');
    headers.Authorization = `Bearer ${key}`;
  }
  let resp;
  try {
    resp = await fetch(path, {
      method, headers, signal, credentials: 'same-origin', cache: 'no-store',
      body: form !== undefined ? form : raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', '无法连接到服务器，请检查网络连接后重试。');
  }
  let text = '';
  try {
    text = await resp.text();
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', '与服务器的连接中断，请重试。');
  }
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!resp.ok) {
    const err = data && data.error ? data.error : {};
    const e = new ApiError(resp.status, err.code || `http_${resp.status}`, describeError(resp.status, err.message), err.message || '');
    e.body = data;
    throw e;
  }
  if (data === null && text) {
    throw new ApiError(resp.status, 'bad_answer', '服务器返回了无法识别的内容，请稍后重试。');
  }
  return data;
}

export const isAbort = (e) => e && e.name === 'AbortError';

/** showError puts err's message into box (an element with role="alert"). */
export function showError(box, err) {
  if (isAbort(err)) return;
  box.textContent = err instanceof ApiError ? err.message : '发生了意外错误，请刷新页面后重试。';
  box.hidden = false;
  if (!(err instanceof ApiError)) console.error(err);
}

export function clearError(box) {
  box.textContent = '';
  box.hidden = true;
}

/**
 * safeMarkup turns server highlight markup (HTML-escaped text with <mark>
 * or <em> around matched parts) into DOM nodes, keeping only text and
 * <mark>: whatever else the string holds can never become markup.
 */
export function safeMarkup(html) {
  const tpl = document.createElement('template');
  tpl.innerHTML = String(html || '');
  const frag = document.createDocumentFragment();
  const walk = (src, dst) => {
    for (const n of src.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) dst.append(n.textContent);
      else if (n.nodeType === Node.ELEMENT_NODE) {
        const tag = n.tagName.toLowerCase();
        if (tag === 'mark' || tag === 'em' || tag === 'b' || tag === 'strong') {
          const m = document.createElement('mark');
          walk(n, m);
          dst.append(m);
        } else if (tag !== 'script' && tag !== 'style' && tag !== 'template') {
          walk(n, dst);
        }
      }
    }
  };
  walk(tpl.content, frag);
  return frag;
}

/** debounce delays fn until ms have passed without another call. */
export function debounce(fn, ms) {
  let t = 0;
  const d = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

/**
 * latest runs one request at a time per purpose: starting a new one aborts
 * the one before, and only the newest may update the page.
 */
export function latest() {
  let ctrl = null;
  let seq = 0;
  return {
    start() {
      if (ctrl) ctrl.abort();
      ctrl = new AbortController();
      seq += 1;
      return { signal: ctrl.signal, id: seq };
    },
    current(id) { return id === seq; },
    cancel() {
      if (ctrl) ctrl.abort();
      ctrl = null;
      seq += 1;
    },
  };
}

export const severityLabel = {
  block: '不予通过', approval: '须经批准', warn: '提示风险', info: '说明', pass: '通过',
};

export const statusLabel = {
  active: '存续', reserved: '名称保留中', cancelled: '已注销', revoked: '已吊销',
};

export const kindLabel = { general: '一般项目', licensed: '许可项目', filing: '备案项目' };
export const timingLabel = { pre: '前置许可', post: '后置许可' };

/** badge returns a small labelled tag. */
export function badge(text, cls) {
  return h('span', { class: `badge ${cls || ''}` }, text);
}

// ---- Dispute deadlines ----

/** deadlineText describes where a case stands against its next deadline. */
export function deadlineText(dl) {
  if (!dl || !dl.next_due) return '';
  const left = dl.working_days_left;
  if (dl.overdue) return `${dl.next_due}（已逾期${left !== undefined && left !== null ? ` ${Math.abs(left)} 个工作日` : ''}）`;
  if (left === 0) return `${dl.next_due}（今天到期）`;
  return `${dl.next_due}（还剩 ${left} 个工作日）`;
}

export function deadlineBadge(dl) {
  if (!dl) return null;
  if (dl.overdue) return badge('逾期', 'overdue');
  if (dl.due_soon) return badge('即将到期', 'due-soon');
  return null;
}

/** formatTime renders an ISO time as local 年-月-日 时:分. */
export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = (n) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(String(iso))) return date;
  return `${date} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

let metaPromise = null;
/** meta loads the form data the server derives from its dictionaries. */
export function meta() {
  if (!metaPromise) {
    metaPromise = api('/assets/meta.json').catch((e) => {
      metaPromise = null;
      throw e;
    });
  }
  return metaPromise;
}

/** copyText copies text to the clipboard; it resolves true on success. */
export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall back below
  }
  const ta = h('textarea', { readonly: true, class: 'visually-hidden', 'aria-hidden': 'true' });
  ta.value = text;
  document.body.append(ta);
  ta.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  ta.remove();
  return ok;
}

// ---- The applicant's draft: the checked name and the chosen scope ----

const DRAFT = 'namescope.draft';

/** draft returns what the applicant has done so far in this tab. */
export function draft() {
  try {
    return JSON.parse(sessionStorage.getItem(DRAFT) || '{}') || {};
  } catch {
    return {};
  }
}

/** saveDraft merges fields into the draft. */
export function saveDraft(fields) {
  const d = { ...draft(), ...fields };
  try { sessionStorage.setItem(DRAFT, JSON.stringify(d)); } catch { /* storage full or off */ }
  return d;
}

// ---- Staff session ----

const STAFF_KEY = 'namescope.staffKey';

export function staffKey() {
  try { return sessionStorage.getItem(STAFF_KEY) || ''; } catch { return ''; }
}

export function setStaffKey(key) {
  sessionStorage.setItem(STAFF_KEY, key);
}

export function signOut() {
  try { sessionStorage.removeItem(STAFF_KEY); } catch { /* ignore */ }
  location.assign('/staff/login');
}

/** requireStaff sends the visitor to the sign-in page when no key is kept. */
export function requireStaff() {
  if (staffKey()) return true;
  const next = location.pathname + location.search;
  location.replace(`/staff/login?next=${encodeURIComponent(next)}`);
  return false;
}

/** wireSignOut connects the sign-out button of a staff page. */
export function wireSignOut() {
  const b = document.getElementById('sign-out');
  if (b) b.addEventListener('click', signOut);
}

/** handleStaffError signs out on 401, otherwise shows the error. */
export function handleStaffError(box, err) {
  if (err instanceof ApiError && err.status === 401 && err.code !== 'no_key') {
    try { sessionStorage.removeItem(STAFF_KEY); } catch { /* ignore */ }
  }
  showError(box, err);
}
