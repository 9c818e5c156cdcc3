// Tells Monaco where its web workers live. GraphiQL's own setup modules rely on
// bundler features esbuild does not have (`new URL(..., import.meta.url)` and
// `?worker` imports), so the build script compiles each worker as a separate
// file and hands their hashed URLs in through `__PANDAC_WORKERS__`.
//
// This module must be imported before anything that loads Monaco.

/* global __PANDAC_WORKERS__ */
const workers = __PANDAC_WORKERS__;

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    switch (label) {
      case 'json':
        return new Worker(workers.json, { name: 'json' });
      case 'graphql':
        return new Worker(workers.graphql, { name: 'graphql' });
      default:
        return new Worker(workers.editor, { name: 'editor' });
    }
  },
};
