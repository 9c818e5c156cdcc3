// A small GraphQL client: POST /graphql with the session's bearer token, one
// silent token refresh on UNAUTHENTICATED, and errors that say what happened.

import { REFRESH } from './queries.js';
import { session } from './session.js';

/** ApiError is a failed request; code is the GraphQL extensions.code or NETWORK/HTTP. */
export class ApiError extends Error {
  constructor(message, code, errors) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.errors = errors || [];
  }
}

async function post(query, variables, token) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('Cannot reach the server. Check the connection and try again.', 'NETWORK');
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON: reported below from the status.
  }
  if (body && Array.isArray(body.errors) && body.errors.length) {
    const first = body.errors[0];
    const code = (first.extensions && first.extensions.code) || (res.status === 401 ? 'UNAUTHENTICATED' : 'ERROR');
    const err = new ApiError(first.message || 'The server reported an error.', code, body.errors);
    err.data = body.data;
    throw err;
  }
  if (!res.ok || !body) {
    const code = res.status === 401 ? 'UNAUTHENTICATED' : res.status === 429 ? 'RATE_LIMITED' : 'HTTP';
    const msg =
      res.status === 429
        ? 'Too many attempts. Wait a minute and try again.'
        : `The server answered ${res.status} ${res.statusText}.`.trim();
    throw new ApiError(msg, code);
  }
  return body.data;
}

let refreshing = null;

/** refresh trades the refresh token for new tokens; it resolves false when that is not possible. */
export function refresh() {
  if (!session.refreshToken) return Promise.resolve(false);
  if (!refreshing) {
    refreshing = post(REFRESH, { refreshToken: session.refreshToken })
      .then((data) => {
        session.save(data.refreshToken);
        return true;
      })
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

/** gql runs a query or mutation as the signed-in user. */
export async function gql(query, variables) {
  try {
    return await post(query, variables, session.accessToken);
  } catch (err) {
    if (err.code === 'UNAUTHENTICATED' && (await refresh())) {
      return post(query, variables, session.accessToken);
    }
    throw err;
  }
}

/** gqlAnonymous runs a document without credentials (login). */
export function gqlAnonymous(query, variables) {
  return post(query, variables, '');
}
