// The signed-in session lives in sessionStorage: it ends with the tab, and the
// playground opened from the same tab can reuse the access token.

const KEYS = {
  access: 'pandac.accessToken',
  refresh: 'pandac.refreshToken',
  user: 'pandac.username',
};

function get(key) {
  try {
    return sessionStorage.getItem(key) || '';
  } catch {
    return '';
  }
}

function set(key, value) {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    // Storage disabled: the session lasts as long as the page.
  }
}

export const session = {
  get accessToken() {
    return get(KEYS.access);
  },
  get refreshToken() {
    return get(KEYS.refresh);
  },
  get username() {
    return get(KEYS.user);
  },
  /** save stores the tokens of an AuthPayload. */
  save(payload) {
    set(KEYS.access, payload.accessToken);
    set(KEYS.refresh, payload.refreshToken);
    if (payload.user) set(KEYS.user, payload.user.username);
  },
  clear() {
    for (const k of Object.values(KEYS)) set(k, '');
  },
};
