// Token handling for the playground. A token can come from three places, in
// this order: a real Authorization header typed into the headers editor, the
// session of the dashboard (same origin, same tab), or the last `login`
// mutation run in the playground itself.

export const TOKEN_KEY = 'pandac.accessToken';

/** The text shown in the headers editor of a new tab. */
export const DEFAULT_HEADERS = `{
  // Filled in from the last login run here,
  // or replace <token> with an access token.
  "Authorization": "Bearer <token>"
}`;

const PLACEHOLDER = /<token>/i;

/** storedToken returns the saved access token, or '' when there is none. */
export function storedToken() {
  for (const store of [globalThis.sessionStorage, globalThis.localStorage]) {
    try {
      const t = store && store.getItem(TOKEN_KEY);
      if (t) return t;
    } catch {
      // Storage can be disabled (private mode, policies): act as logged out.
    }
  }
  return '';
}

/** saveToken remembers a token for this tab and for later visits. */
export function saveToken(token) {
  for (const store of [globalThis.sessionStorage, globalThis.localStorage]) {
    try {
      store && store.setItem(TOKEN_KEY, token);
    } catch {
      // See storedToken.
    }
  }
}

/**
 * resolveHeaders replaces a missing or placeholder Authorization header with the
 * stored token, and drops it when there is no token at all, so the hint in the
 * editor is never sent to the server as a broken credential.
 */
export function resolveHeaders(headers) {
  const out = {};
  let auth;
  for (const [k, v] of Object.entries(headers || {})) {
    if (k.toLowerCase() === 'authorization') auth = v;
    else out[k] = v;
  }
  if (typeof auth === 'string' && auth.trim() !== '' && !PLACEHOLDER.test(auth)) {
    out.Authorization = auth;
    return out;
  }
  const token = storedToken();
  if (token) out.Authorization = `Bearer ${token}`;
  return out;
}

/**
 * rememberLogin keeps the access token of a successful login mutation and
 * reports whether it kept one.
 */
export function rememberLogin(result) {
  const token = result && result.data && result.data.login && result.data.login.accessToken;
  if (typeof token === 'string' && token) {
    saveToken(token);
    return true;
  }
  return false;
}
