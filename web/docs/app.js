// Swagger UI for the /v1 REST shim, wired to work with no network beyond this
// server: the spec comes from /v1/openapi.json and the online validator badge
// is switched off.

import './docs.css';

/* global SwaggerUIBundle */
const TOKEN_KEY = 'pandac.accessToken';

function storedToken() {
  for (const store of [globalThis.sessionStorage, globalThis.localStorage]) {
    try {
      const t = store && store.getItem(TOKEN_KEY);
      if (t) return t;
    } catch {
      // Storage disabled.
    }
  }
  return '';
}

window.ui = SwaggerUIBundle({
  url: '/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
  displayRequestDuration: true,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  // Requests made with "Try it out" carry the token of a dashboard or
  // playground sign-in in this tab, unless one was entered under Authorize.
  requestInterceptor: (req) => {
    const token = storedToken();
    const h = req.headers || (req.headers = {});
    if (token && !h.Authorization && !h.authorization) h.Authorization = `Bearer ${token}`;
    return req;
  },
});
