/**
 * The interactive reference at `/docs`: one HTML page, one stylesheet and one script, all served
 * by the collector itself (no CDN, works offline and under `script-src 'self'`). The script reads
 * `/v1/openapi.json` and renders every operation with its parameters, bodies and responses, plus a
 * "Try it" form that calls the API from the page. Everything from the document or from responses
 * is inserted as text (`textContent`), never as markup.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Voix API reference</title>
<link rel="stylesheet" href="/docs/style.css">
<script src="/docs/app.js" defer></script>
</head>
<body>
<header><h1>Voix API</h1><label>Secret key <input id="key" type="password" placeholder="sk_…" autocomplete="off"></label></header>
<nav id="nav" aria-label="Operations"></nav>
<main id="main"><p>Loading /v1/openapi.json…</p></main>
</body>
</html>
`;

export const DOCS_CSS = `
:root { --fg: #1d232b; --muted: #5b6573; --line: #d9dee5; --bg: #f7f8fa; --accent: #3b5bdb; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); }
body { margin: 0; display: grid; grid-template-columns: 18rem 1fr; grid-template-rows: auto 1fr; min-height: 100vh; }
header { grid-column: 1 / 3; display: flex; justify-content: space-between; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.2rem; margin: 0; }
nav { background: var(--bg); border-right: 1px solid var(--line); padding: 1rem; overflow: auto; font-size: .9rem; }
nav h3 { font-size: .8rem; text-transform: uppercase; color: var(--muted); margin: 1rem 0 .3rem; }
nav a { display: block; color: var(--fg); text-decoration: none; padding: .15rem 0; }
main { padding: 1rem 2rem; overflow: auto; max-width: 70rem; }
section.op { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
section.op > summary, details > summary { cursor: pointer; padding: .6rem .8rem; list-style: none; }
.method { display: inline-block; min-width: 4.2rem; font: 600 .75rem/1.6 ui-monospace, monospace; text-transform: uppercase; color: #fff; background: var(--accent); border-radius: 4px; text-align: center; margin-right: .6rem; }
.method.post { background: #2b8a3e; } .method.put { background: #e67700; } .method.delete { background: #c92a2a; }
.path { font-family: ui-monospace, monospace; font-weight: 600; }
.body { padding: 0 1rem 1rem; }
.desc { white-space: pre-wrap; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .5rem 0; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: .3rem .4rem; vertical-align: top; }
pre { background: var(--bg); border: 1px solid var(--line); padding: .6rem; overflow: auto; font-size: .82rem; max-height: 28rem; }
input, textarea, button { font: inherit; }
textarea { width: 100%; min-height: 8rem; font-family: ui-monospace, monospace; font-size: .85rem; }
button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: .35rem .9rem; cursor: pointer; }
.try label { display: block; margin: .3rem 0; } .try input[type=text] { width: 24rem; max-width: 100%; }
`;

export const DOCS_JS = String.raw`
(function () {
  'use strict';
  var doc = null;
  var keyInput = document.getElementById('key');
  try { keyInput.value = sessionStorage.getItem('voix-docs-key') || ''; } catch (e) {}
  keyInput.addEventListener('change', function () { try { sessionStorage.setItem('voix-docs-key', keyInput.value); } catch (e) {} });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) { if (k === 'text') node.textContent = attrs[k]; else if (k === 'class') node.className = attrs[k]; else node.setAttribute(k, attrs[k]); }
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function resolve(schema) {
    if (schema && schema.$ref) { var name = schema.$ref.split('/').pop(); return doc.components.schemas[name] || {}; }
    return schema || {};
  }
  /** A compact, readable outline of a JSON schema. */
  function outline(schema, depth) {
    depth = depth || 0;
    var pad = new Array(depth + 1).join('  ');
    var s = resolve(schema);
    if (depth > 6) return 'object';
    var name = schema && schema.$ref ? schema.$ref.split('/').pop() + ' ' : '';
    if (s.anyOf || s.oneOf) return name + (s.anyOf || s.oneOf).map(function (x) { return outline(x, depth); }).join(' | ');
    if (s.enum) return s.enum.map(function (v) { return JSON.stringify(v); }).join(' | ');
    if (s.const !== undefined) return JSON.stringify(s.const);
    var type = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
    if (type === 'array' || s.prefixItems) return s.prefixItems ? '[' + s.prefixItems.map(function (x) { return outline(x, depth); }).join(', ') + ']' : outline(s.items, depth) + '[]';
    if (type === 'object' || s.properties) {
      var props = s.properties || {};
      var req = s.required || [];
      var lines = Object.keys(props).map(function (p) {
        var d = resolve(props[p]).description;
        return pad + '  ' + p + (req.indexOf(p) >= 0 ? '' : '?') + ': ' + outline(props[p], depth + 1) + (d ? '    // ' + d.split('\n')[0] : '');
      });
      if (s.additionalProperties && typeof s.additionalProperties === 'object') lines.push(pad + '  [key: string]: ' + outline(s.additionalProperties, depth + 1));
      return name + '{\n' + lines.join('\n') + '\n' + pad + '}';
    }
    return name + (type || 'any') + (s.format ? ' (' + s.format + ')' : '') + (s.pattern ? ' /' + s.pattern + '/' : '');
  }
  function example(schema, depth) {
    var s = resolve(schema);
    depth = depth || 0;
    if (depth > 5) return null;
    if (s.default !== undefined) return s.default;
    if (s.examples && s.examples.length) return s.examples[0];
    if (s.enum) return s.enum[0];
    if (s.anyOf || s.oneOf) return example((s.anyOf || s.oneOf)[0], depth + 1);
    var type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (type === 'object' || s.properties) {
      var out = {};
      (s.required || []).forEach(function (p) { out[p] = example(s.properties[p], depth + 1); });
      return out;
    }
    if (type === 'array') return [];
    if (type === 'integer' || type === 'number') return 0;
    if (type === 'boolean') return false;
    if (s.format === 'uuid') return crypto.randomUUID ? crypto.randomUUID() : '00000000-0000-4000-8000-000000000000';
    if (s.format === 'uri') return 'https://example.com/hook';
    return '';
  }

  function tryIt(path, method, op) {
    var form = el('form', { class: 'try' });
    var params = (op.parameters || []).filter(function (p) { return p.name.indexOf('{') < 0; });
    var inputs = params.map(function (p) {
      var input = el('input', { type: 'text', name: p.name, placeholder: outline(p.schema).split('\n')[0] });
      form.appendChild(el('label', null, [p.in + ' ' + p.name + (p.required ? ' *' : '') + ' ', input]));
      return { p: p, input: input };
    });
    var extra = el('input', { type: 'text', placeholder: 'attr.plan=pro&…' });
    if ((op.parameters || []).some(function (p) { return p.name === 'attr.{name}'; })) form.appendChild(el('label', null, ['more query ', extra]));
    var body = null;
    var content = op.requestBody && op.requestBody.content;
    if (content) {
      var media = content['application/json'] || content['text/plain'];
      body = el('textarea', { 'aria-label': 'Request body' });
      body.value = JSON.stringify(example(media.schema), null, 2);
      form.appendChild(body);
    }
    var out = el('pre', { text: '' });
    form.appendChild(el('button', { type: 'submit', text: 'Send' }));
    form.appendChild(out);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var url = path;
      var query = [];
      inputs.forEach(function (x) {
        if (!x.input.value) return;
        if (x.p.in === 'path') url = url.replace('{' + x.p.name + '}', encodeURIComponent(x.input.value));
        else query.push(encodeURIComponent(x.p.name) + '=' + encodeURIComponent(x.input.value));
      });
      if (extra.value) query.push(extra.value);
      if (query.length) url += '?' + query.join('&');
      var headers = {};
      if (keyInput.value) headers.Authorization = 'Bearer ' + keyInput.value;
      if (body) headers['Content-Type'] = 'application/json';
      out.textContent = method.toUpperCase() + ' ' + url + ' …';
      fetch(url, { method: method.toUpperCase(), headers: headers, body: body ? body.value : undefined }).then(function (res) {
        return res.text().then(function (text) {
          var shown = text;
          try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (err) {}
          var hs = [];
          res.headers.forEach(function (v, k) { hs.push(k + ': ' + v); });
          out.textContent = res.status + ' ' + res.statusText + '\n' + hs.join('\n') + '\n\n' + shown.slice(0, 20000);
        });
      }).catch(function (err) { out.textContent = String(err); });
    });
    return form;
  }

  function operation(path, method, op, isWebhook) {
    var id = (isWebhook ? 'webhook-' : '') + method + '-' + path.replace(/[^a-z0-9]+/gi, '-');
    var sec = el('details', { class: 'op', id: id });
    var section = el('section', { class: 'op' }, [sec]);
    sec.appendChild(el('summary', null, [el('span', { class: 'method ' + method, text: method }), el('span', { class: 'path', text: isWebhook ? 'webhook ' + path : path }), ' — ' + (op.summary || '')]));
    var b = el('div', { class: 'body' });
    if (op.description) b.appendChild(el('p', { class: 'desc', text: op.description }));
    if (op.security && op.security.length) b.appendChild(el('p', { text: 'Auth: Authorization: Bearer <secret key>' }));
    var ps = op.parameters || [];
    if (ps.length) {
      var t = el('table', null, [el('tr', null, [el('th', { text: 'Parameter' }), el('th', { text: 'In' }), el('th', { text: 'Schema' }), el('th', { text: 'Description' })])]);
      ps.forEach(function (p) { t.appendChild(el('tr', null, [el('td', { text: p.name + (p.required ? ' *' : '') }), el('td', { text: p.in }), el('td', null, [el('code', { text: outline(p.schema) })]), el('td', { text: p.description || resolve(p.schema).description || '' })])); });
      b.appendChild(t);
    }
    if (op.requestBody) Object.keys(op.requestBody.content).slice(0, 1).forEach(function (m) { b.appendChild(el('h4', { text: 'Body (' + m + ')' })); b.appendChild(el('pre', { text: outline(op.requestBody.content[m].schema) })); });
    Object.keys(op.responses || {}).forEach(function (code) {
      var r = op.responses[code];
      b.appendChild(el('h4', { text: code + ' — ' + (r.description || '') }));
      if (r.content) Object.keys(r.content).forEach(function (m) { if (r.content[m].schema) b.appendChild(el('pre', { text: m + '\n' + outline(r.content[m].schema) })); });
    });
    if (!isWebhook) b.appendChild(el('details', null, [el('summary', { text: 'Try it' }), tryIt(path, method, op)]));
    sec.appendChild(b);
    return { node: section, id: id };
  }

  function render() {
    var main = document.getElementById('main');
    var nav = document.getElementById('nav');
    main.textContent = '';
    main.appendChild(el('p', { class: 'desc', text: doc.info.description || '' }));
    var byTag = {};
    function add(path, method, op, isWebhook) {
      var tag = (op.tags && op.tags[0]) || 'Other';
      (byTag[tag] = byTag[tag] || []).push(operation(path, method, op, isWebhook));
    }
    Object.keys(doc.paths || {}).forEach(function (p) { Object.keys(doc.paths[p]).forEach(function (m) { add(p, m, doc.paths[p][m], false); }); });
    Object.keys(doc.webhooks || {}).forEach(function (p) { Object.keys(doc.webhooks[p]).forEach(function (m) { add(p, m, doc.webhooks[p][m], true); }); });
    (doc.tags || []).map(function (t) { return t.name; }).concat(Object.keys(byTag)).filter(function (t, i, all) { return all.indexOf(t) === i && byTag[t]; }).forEach(function (tag) {
      main.appendChild(el('h2', { text: tag }));
      nav.appendChild(el('h3', { text: tag }));
      byTag[tag].forEach(function (o) {
        main.appendChild(o.node);
        var a = el('a', { href: '#' + o.id, text: o.node.querySelector('summary').textContent });
        a.addEventListener('click', function () { o.node.querySelector('details').open = true; });
        nav.appendChild(a);
      });
    });
  }

  fetch('/v1/openapi.json').then(function (r) { return r.json(); }).then(function (d) { doc = d; render(); }).catch(function (err) {
    document.getElementById('main').textContent = 'Could not load /v1/openapi.json: ' + err;
  });
})();
`;
