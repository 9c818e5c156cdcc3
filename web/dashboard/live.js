// The live sales feed: a graphql-ws subscription to saleCompleted on the same
// host, authenticated by connectionParams, reconnecting until stopped.

import { createClient } from 'graphql-ws';
import { SALE_COMPLETED } from './queries.js';
import { session } from './session.js';
import { refresh } from './api.js';

/**
 * startLiveFeed subscribes to completed sales. onSale receives each sale,
 * onStatus one of 'connecting', 'live', 'offline', onAuthError is called when
 * the server refuses the credentials. It returns a function that stops it.
 */
export function startLiveFeed({ onSale, onStatus, onAuthError }) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  let stopped = false;
  const client = createClient({
    url: `${scheme}//${location.host}/graphql`,
    connectionParams: () => ({ Authorization: `Bearer ${session.accessToken}` }),
    lazy: false,
    keepAlive: 20000,
    retryAttempts: Infinity,
    shouldRetry: () => !stopped,
    retryWait: async (retries) => {
      // 1 s, 2 s, 4 s ... capped at 30 s, with jitter so a store's tills do
      // not all reconnect at the same moment after an outage.
      const base = Math.min(30000, 1000 * 2 ** retries);
      await new Promise((r) => setTimeout(r, base / 2 + Math.random() * (base / 2)));
    },
    on: {
      connecting: () => onStatus('connecting'),
      connected: () => onStatus('live'),
      closed: (event) => {
        if (stopped) return;
        onStatus('offline');
        // 4401/4403: the server refused the token. Refresh once, else sign out.
        if (event && (event.code === 4401 || event.code === 4403)) {
          refresh().then((ok) => {
            if (!ok) onAuthError();
          });
        }
      },
    },
  });

  let dispose = () => {};
  const subscribe = () => {
    dispose = client.subscribe(
      { query: SALE_COMPLETED },
      {
        next: (msg) => {
          if (msg.data && msg.data.saleCompleted) onSale(msg.data.saleCompleted);
        },
        error: (err) => {
          if (stopped) return;
          onStatus('offline');
          const codes = Array.isArray(err) ? err.map((e) => e.extensions && e.extensions.code) : [];
          if (codes.includes('UNAUTHENTICATED') || codes.includes('FORBIDDEN')) {
            refresh().then((ok) => (ok ? subscribe() : onAuthError()));
            return;
          }
          // The socket itself reconnects; an operation the server ended with
          // an error is started again after a pause.
          setTimeout(() => !stopped && subscribe(), 5000);
        },
        complete: () => {
          if (!stopped) setTimeout(() => !stopped && subscribe(), 1000);
        },
      },
    );
  };
  subscribe();

  return () => {
    stopped = true;
    dispose();
    client.dispose();
  };
}
