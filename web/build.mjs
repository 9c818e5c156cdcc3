// Builds the pages pandac serves into ../internal/web/dist, where the Go
// package embeds them:
//
//   dist/playground  GraphiQL (React + Monaco), code-split ES modules
//   dist/dashboard   the store manager's dashboard (plain JS + graphql-ws)
//   dist/docs        Swagger UI for /v1/openapi.json
//
// Every asset gets a content hash in its name (served with a one-year cache)
// and a .gz twin (served to clients that accept gzip). index.html files refer
// to assets by absolute path, so /playground and /playground/ both work.
//
// Usage: npm ci && npm run build

import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants as zlib } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const outRoot = join(here, '..', 'internal', 'web', 'dist');
const nodeModules = join(here, 'node_modules');

const common = {
  absWorkingDir: dirname(fileURLToPath(import.meta.url)),
  bundle: true,
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  charset: 'utf8',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

// GraphiQL's stylesheet already contains Monaco's CSS. Monaco's ES modules also
// import their CSS files one by one; in lazily loaded chunks esbuild would emit
// those as stylesheets nothing links to, so they are dropped here.
const dropMonacoCss = {
  name: 'drop-monaco-css',
  setup(build) {
    build.onLoad({ filter: /[\\/]monaco-editor[\\/].*\.css$/ }, () => ({ contents: '', loader: 'css' }));
  },
};

function hashName(name, content) {
  const h = createHash('sha256').update(content).digest('hex').slice(0, 10);
  const ext = extname(name);
  return `${basename(name, ext)}-${h}${ext}`;
}

async function writeOut(path, content) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

// The JS output of the entry point named name (entryNames '[name]-[hash]') and
// the stylesheet esbuild gathered for it. Lazily imported modules also count
// as entry points in the metafile, hence the match on the name.
function entryOutput(metafile, name) {
  for (const [out, info] of Object.entries(metafile.outputs)) {
    if (info.entryPoint && out.endsWith('.js') && basename(out).startsWith(`${name}-`)) {
      return { js: out, css: info.cssBundle };
    }
  }
  throw new Error(`no output for entry point ${name}`);
}

// Removes empty outputs (stylesheets of lazy chunks whose CSS was dropped).
async function removeEmpty(metafile) {
  for (const [out, info] of Object.entries(metafile.outputs)) {
    if (info.bytes === 0) await rm(join(here, out), { force: true });
  }
}

async function renderHTML(src, dest, vars) {
  let html = await readFile(src, 'utf8');
  html = html.replace(/\{\{(\w+)\}\}/g, (m, key) => {
    if (!(key in vars)) throw new Error(`${src}: no value for ${m}`);
    return vars[key];
  });
  await writeOut(dest, html);
}

const urlOf = (mount, outFile) => `/${mount}/${relative(join(outRoot, mount), outFile).split('\\').join('/')}`;

// GraphiQL's stylesheet carries its fonts (Roboto and Fira Code in many
// unicode-range subsets, Monaco's icon font) as data: URIs, so a browser must
// download all of them with the stylesheet. Moving each into its own file lets
// the browser fetch only the subsets a page uses. Returns the new CSS path.
async function extractFonts(cssFile, outdir, publicPath) {
  const mimeExt = { 'font/woff2': '.woff2', 'font/woff': '.woff', 'font/ttf': '.ttf', 'application/font-woff': '.woff' };
  let css = await readFile(cssFile, 'utf8');
  const written = new Set();
  const pending = [];
  css = css.replace(/url\((["']?)data:([\w/+-]+);base64,([A-Za-z0-9+/=]+)\1\)/g, (m, _q, mime, b64) => {
    const ext = mimeExt[mime];
    if (!ext) return m;
    const bytes = Buffer.from(b64, 'base64');
    const name = hashName(`font${ext}`, bytes);
    if (!written.has(name)) {
      written.add(name);
      pending.push(writeOut(join(outdir, name), bytes));
    }
    return `url(${publicPath}/${name})`;
  });
  await Promise.all(pending);
  const out = join(outdir, hashName('app.css', css));
  await writeOut(out, css);
  await rm(cssFile);
  return out;
}

async function buildPlayground() {
  const mount = 'playground';
  const outdir = join(outRoot, mount, 'assets');

  // Monaco's workers: one classic script each.
  const workerEntries = {
    editor: join(nodeModules, 'monaco-editor/esm/vs/editor/editor.worker.js'),
    json: join(nodeModules, 'monaco-editor/esm/vs/language/json/json.worker.js'),
    graphql: join(nodeModules, 'monaco-graphql/esm/graphql.worker.js'),
  };
  const workers = {};
  for (const [label, entry] of Object.entries(workerEntries)) {
    const r = await esbuild.build({
      ...common,
      entryPoints: { [`${label}.worker`]: entry },
      format: 'iife',
      outdir,
      entryNames: '[name]-[hash]',
      metafile: true,
      plugins: [dropMonacoCss],
    });
    const out = Object.keys(r.metafile.outputs).find((o) => o.endsWith('.js'));
    workers[label] = urlOf(mount, join(here, out));
  }

  const r = await esbuild.build({
    ...common,
    entryPoints: { app: join(here, 'playground/main.jsx') },
    format: 'esm',
    splitting: true,
    outdir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    publicPath: `/${mount}/assets`,
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
    define: { ...common.define, __PANDAC_WORKERS__: JSON.stringify(workers) },
    metafile: true,
    plugins: [dropMonacoCss],
  });
  const entry = entryOutput(r.metafile, 'app');
  await removeEmpty(r.metafile);
  const css = await extractFonts(join(here, entry.css), outdir, `/${mount}/assets`);
  await renderHTML(join(here, 'playground/index.html'), join(outRoot, mount, 'index.html'), {
    js: urlOf(mount, join(here, entry.js)),
    css: urlOf(mount, css),
  });
}

async function buildDashboard() {
  const mount = 'dashboard';
  const outdir = join(outRoot, mount, 'assets');
  const r = await esbuild.build({
    ...common,
    entryPoints: { app: join(here, 'dashboard/app.js') },
    format: 'esm',
    outdir,
    entryNames: '[name]-[hash]',
    metafile: true,
  });
  const entry = entryOutput(r.metafile, 'app');
  await renderHTML(join(here, 'dashboard/index.html'), join(outRoot, mount, 'index.html'), {
    js: urlOf(mount, join(here, entry.js)),
    css: urlOf(mount, join(here, entry.css)),
  });
}

async function buildDocs() {
  const mount = 'docs';
  const outdir = join(outRoot, mount, 'assets');
  const dist = join(nodeModules, 'swagger-ui-dist');
  const vars = {};

  // Swagger UI ships minified; only the source map reference is removed, as the
  // map itself is not served.
  for (const [key, file] of [
    ['swaggerJs', 'swagger-ui-bundle.js'],
    ['swaggerCss', 'swagger-ui.css'],
  ]) {
    let text = await readFile(join(dist, file), 'utf8');
    text = text.replace(/\n?\/[/*]# sourceMappingURL=[^\n]*$/gm, '');
    const name = hashName(file, text);
    await writeOut(join(outdir, name), text);
    vars[key] = `/${mount}/assets/${name}`;
  }

  const r = await esbuild.build({
    ...common,
    entryPoints: { app: join(here, 'docs/app.js') },
    format: 'iife',
    outdir,
    entryNames: '[name]-[hash]',
    metafile: true,
  });
  const entry = entryOutput(r.metafile, 'app');
  vars.js = urlOf(mount, join(here, entry.js));
  vars.css = urlOf(mount, join(here, entry.css));
  await renderHTML(join(here, 'docs/index.html'), join(outRoot, mount, 'index.html'), vars);
}

const compressible = new Set(['.js', '.css', '.html', '.svg', '.json', '.ttf', '.txt']);

async function* walk(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

// Writes name.gz next to every compressible file that gzip makes smaller and
// reports raw and gzip sizes.
async function compressAll() {
  const rows = [];
  for await (const file of walk(outRoot)) {
    if (file.endsWith('.gz')) continue;
    const raw = await readFile(file);
    let gz = null;
    if (compressible.has(extname(file)) && raw.length > 512) {
      const z = gzipSync(raw, { level: zlib.Z_BEST_COMPRESSION });
      if (z.length < raw.length * 0.9) {
        await writeFile(`${file}.gz`, z);
        gz = z.length;
      }
    }
    rows.push({ file: relative(outRoot, file), raw: raw.length, gz });
  }
  rows.sort((a, b) => a.file.localeCompare(b.file));
  const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KiB';
  for (const r of rows) {
    console.log(`${kb(r.raw)} ${r.gz == null ? '           -' : kb(r.gz)}  ${r.file}`);
  }
}

await rm(outRoot, { recursive: true, force: true });
await buildPlayground();
await buildDashboard();
await buildDocs();
await compressAll();
console.log(`built into ${relative(process.cwd(), outRoot)}`);
