// The staff sign-in page: checks the key against a staff-only endpoint,
// then keeps it in sessionStorage for this tab.
import { $, api, ApiError, showError, clearError, setStaffKey, staffKey } from './common.js';

const form = $('#login-form');
const keyIn = $('#staff-key');
const errorBox = $('#login-error');
const statusLine = $('#login-status');
const submit = $('#login-submit');

// Staff-only endpoints that answer for any valid staff key. Authorization
// is checked before the resource is looked up, so the enterprise that does
// not exist still tells a valid key (404 from the handler) from an invalid
// one (401) or another role (403).
const probes = ['/api/v1/disputes?limit=1', '/api/v1/enterprises/0/history'];

async function verify(key) {
  setStaffKey(key);
  for (const path of probes) {
    try {
      await api(path, { staff: true });
      return;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 404 && e.serverMessage !== '没有这个接口') return; // authorized; the object is simply absent
      if (e.status === 404 || e.status === 405) continue; // endpoint not offered: try the next
      throw e;
    }
  }
  throw new ApiError(503, 'unverifiable', '暂时无法验证密钥，请稍后重试。');
}

function next() {
  const n = new URLSearchParams(location.search).get('next') || '';
  return n.startsWith('/staff/') ? n : '/staff';
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError(errorBox);
  const key = keyIn.value.trim();
  if (!key) {
    errorBox.textContent = '请输入工作人员密钥。';
    errorBox.hidden = false;
    keyIn.focus();
    return;
  }
  submit.disabled = true;
  statusLine.textContent = '正在验证密钥…';
  try {
    await verify(key);
    statusLine.textContent = '登录成功，正在进入…';
    location.assign(next());
  } catch (err) {
    sessionStorage.removeItem('namescope.staffKey');
    statusLine.textContent = '';
    if (err instanceof ApiError && err.status === 401) {
      errorBox.textContent = '密钥不正确或已被吊销，请核对后重新输入。';
      errorBox.hidden = false;
    } else if (err instanceof ApiError && err.status === 403) {
      errorBox.textContent = '该密钥不是工作人员密钥，无法进入工作人员页面。';
      errorBox.hidden = false;
    } else {
      showError(errorBox, err);
    }
    keyIn.focus();
    keyIn.select();
  } finally {
    submit.disabled = false;
  }
});

if (staffKey()) {
  statusLine.textContent = '您已登录；重新输入密钥可切换账号。';
}
document.documentElement.dataset.ready = 'true';
