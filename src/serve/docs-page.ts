// GET /docs: an interactive page for /openapi.json, as the original FastAPI app
// served Swagger UI. Swagger UI comes from a CDN there; this page is one small
// self-contained document instead (no external resource, nothing to download,
// a strict Content-Security-Policy): it fetches /openapi.json with the key it
// was opened with (?api_key=) or the one typed in, lists every operation with
// its parameters, body and responses, every schema, and sends requests.
// `#try=<operationId>&<param>=<value>&body=<json>` sends one request on load,
// so a request can be linked to (and a test can drive the page).
import { createHash } from 'node:crypto';

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; margin-bottom: 0; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }
code, pre, textarea, input { font: 13px ui-monospace, monospace; }
section.op { border: 1px solid #ccd; border-radius: 6px; margin: .8rem 0; padding: .4rem .8rem; }
.method { display: inline-block; min-width: 3.5rem; font-weight: bold; text-transform: uppercase; }
pre { background: #f4f4f6; padding: .5rem; overflow: auto; max-height: 30rem; white-space: pre-wrap; }
textarea { width: 100%; min-height: 3rem; } label { display: block; margin: .2rem 0; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .15rem .4rem; text-align: left; vertical-align: top; }
`;

const SCRIPT = `
'use strict';
const $ = (tag, attrs, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids) e.append(k);
  return e;
};
const params = new URLSearchParams(location.search);
const keyInput = document.getElementById('key');
keyInput.value = params.get('api_key') || '';
const status = document.getElementById('status');

function typeOf(s) {
  if (!s) return 'any';
  if (s.$ref) return s.$ref.split('/').pop();
  if (s.oneOf) return s.oneOf.map(typeOf).join(' | ');
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.type === 'array') return typeOf(s.items) + '[]';
  return [].concat(s.type || 'object').join(' | ');
}

async function send(op, form, out) {
  const url = new URL(op.path, location.origin);
  const headers = { 'x-apikey': keyInput.value };
  for (const p of op.parameters || []) {
    const v = form.elements[p.name].value;
    if (v === '') continue;
    if (p.in === 'query') url.searchParams.set(p.name, v);
    else if (p.in === 'header') headers[p.name] = v;
  }
  const init = { method: op.method.toUpperCase(), headers };
  if (op.requestBody) {
    headers['Content-Type'] = 'application/json';
    init.body = form.elements.body.value;
  }
  out.textContent = 'sending ' + init.method + ' ' + url.pathname + url.search + ' ...';
  try {
    const res = await fetch(url, init);
    const text = await res.text();
    out.textContent = res.status + ' ' + res.statusText + '\\ncontent-type: ' + res.headers.get('content-type') + '\\n\\n' + text;
    out.dataset.status = String(res.status);
  } catch (e) {
    out.textContent = 'request failed: ' + e.message;
    out.dataset.status = 'failed';
  }
}

function operation(op) {
  const form = $('form', {});
  for (const p of op.parameters || []) {
    const input = $('input', { name: p.name, placeholder: typeOf(p.schema) });
    form.append($('label', {}, $('code', {}, p.name), ' (' + p.in + (p.required ? ', required' : '') + ') ', input, ' ', p.description || ''));
  }
  if (op.requestBody) {
    const schema = op.requestBody.content['application/json'].schema;
    const name = typeOf(schema);
    const example = name === 'HostRequest' ? '{"hostname": "mx1.example.org"}' : '{"domain": "example.org"}';
    form.append($('label', {}, 'body (' + name + ')', $('textarea', { name: 'body' }, example)));
  }
  const out = $('pre', { class: 'response', id: 'response-' + op.operationId });
  form.append($('button', { type: 'submit' }, 'Send'));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); send(op, form, out); });
  const responses = $('table', {}, $('tr', {}, $('th', {}, 'status'), $('th', {}, 'meaning'), $('th', {}, 'content')));
  for (const [code, r] of Object.entries(op.responses)) {
    const content = Object.entries(r.content || {}).map(([type, c]) => type + ': ' + typeOf(c.schema)).join(', ');
    responses.append($('tr', {}, $('td', {}, code), $('td', {}, r.description), $('td', {}, content)));
  }
  return $('section', { class: 'op', id: 'op-' + op.operationId },
    $('h3', {}, $('span', { class: 'method' }, op.method), ' ', $('code', {}, op.path), ' ', op.summary || ''),
    $('p', {}, op.description || ''), form, responses, out);
}

function schemaTable(name, s) {
  const rows = $('table', {}, $('tr', {}, $('th', {}, 'field'), $('th', {}, 'type')));
  const required = new Set(s.required || []);
  for (const [field, f] of Object.entries(s.properties || {})) {
    rows.append($('tr', {}, $('td', {}, $('code', {}, field + (required.has(field) ? '' : '?'))), $('td', {}, typeOf(f))));
  }
  return $('section', { class: 'schema', id: 'schema-' + name }, $('h3', {}, name), $('p', {}, s.description || typeOf(s)), s.properties ? rows : '');
}

async function load() {
  const res = await fetch('/openapi.json', { headers: { 'x-apikey': keyInput.value } });
  if (!res.ok) {
    status.textContent = 'could not load /openapi.json: ' + res.status + ' ' + (await res.text());
    return null;
  }
  const doc = await res.json();
  document.title = doc.info.title + ' ' + doc.info.version + ' API';
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  document.getElementById('summary').textContent = doc.info.description;
  const ops = [];
  const list = document.getElementById('operations');
  list.textContent = '';
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const full = Object.assign({ path, method }, op);
      ops.push(full);
      list.append(operation(full));
    }
  }
  const schemas = document.getElementById('schemas');
  schemas.textContent = '';
  for (const [name, s] of Object.entries(doc.components.schemas)) schemas.append(schemaTable(name, s));
  status.textContent = ops.length + ' operations, ' + Object.keys(doc.components.schemas).length + ' schemas';
  return ops;
}

async function start() {
  const ops = await load();
  const hash = new URLSearchParams(location.hash.slice(1));
  const wanted = hash.get('try');
  if (!ops || !wanted) return;
  const op = ops.find((o) => o.operationId === wanted);
  if (!op) { status.textContent = 'no operation ' + wanted; return; }
  const form = document.querySelector('#op-' + wanted + ' form');
  for (const [k, v] of hash) if (form.elements[k]) form.elements[k].value = v;
  await send(op, form, document.getElementById('response-' + wanted));
  document.body.dataset.tried = wanted;
}
document.getElementById('reload').addEventListener('click', () => load());
start();
`;

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>smtp-dane-verify API</title>
<style>${STYLE}</style>
</head>
<body>
<h1 id="title">smtp-dane-verify</h1>
<p id="summary"></p>
<p><label>API key <input id="key" type="password" autocomplete="off"> <button id="reload" type="button">Reload</button></label></p>
<p id="status">loading /openapi.json ...</p>
<h2>Operations</h2>
<div id="operations"></div>
<h2>Schemas</h2>
<div id="schemas"></div>
<script>${SCRIPT}</script>
</body>
</html>
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page and its headers: only its own inline script and style, and requests to this origin. */
export const DOCS_PAGE = {
  html: HTML,
  headers: {
    'Content-Security-Policy': `default-src 'none'; script-src ${hash(SCRIPT)}; style-src ${hash(STYLE)}; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'Referrer-Policy': 'no-referrer',
  },
} as const;
