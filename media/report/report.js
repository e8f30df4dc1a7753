// The report webview. Everything shown comes in by postMessage and is put on the page with DOM APIs and
// textContent only (never innerHTML). Messages: see src/client/report/messages.ts.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  /** @type {Record<string, string>} */
  let S = {};
  /** @type {any} */
  let report = undefined;
  /** The report's configuration sections, in words from the extension (ConfigSection[] of configView.ts). */
  let config = [];
  let running = false;
  let sortKey = 'status';
  let sortDir = 1;
  let filter = '';

  const $ = (id) => document.getElementById(id);
  const s = (key) => S[key] ?? key;
  const fmt = (key, ...args) => s(key).replace(/\{(\d+)\}/g, (_m, i) => String(args[Number(i)] ?? ''));
  /** Creates an element with text and classes. */
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  const ms = (n) =>
    n === undefined || n === null ? '' : n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`;
  const clear = (node) => {
    while (node.firstChild) node.removeChild(node.firstChild);
  };

  const STAGE_NAMES = {
    dns: 'DNS',
    tcp: 'TCP',
    proxy: 'stage.proxy',
    tls: 'TLS',
    http: 'HTTP',
    auth: 'stage.auth',
    git: 'git',
  };
  const STATUS_MARK = { pending: '…', ok: '✓', warning: '!', failed: '✗', timeout: '⏱', skipped: '–' };
  const stageName = (id) =>
    STAGE_NAMES[id] && STAGE_NAMES[id].startsWith('stage.') ? s(STAGE_NAMES[id]) : (STAGE_NAMES[id] ?? id);

  function fixButton(fix, cause, primary) {
    const b = el(
      'button',
      s(`fix.${fix}`) === `fix.${fix}` ? fix : s(`fix.${fix}`),
      primary ? '' : 'secondary',
    );
    b.type = 'button';
    b.addEventListener('click', () => {
      vscode.postMessage({
        type: 'fix',
        fix,
        category: cause.category,
        ...(cause.host ? { host: cause.host } : {}),
        ...(cause.module ? { module: cause.module } : {}),
        ...(cause.version ? { version: cause.version } : {}),
      });
    });
    return b;
  }

  function renderHeader() {
    $('title').textContent = s('title');
    const st = $('state');
    if (!report) st.textContent = s('state.starting');
    else if (running) st.textContent = fmt('state.running', ms(report.durationMs));
    else if (report.state === 'canceled') st.textContent = s('state.canceled');
    else st.textContent = fmt('state.done', ms(report.durationMs), report.root, report.env.go.version ?? '?');
    $('rerun').textContent = s('action.rerun');
    $('cancel').textContent = s('action.cancel');
    $('copy').textContent = s('action.copy');
    $('save').textContent = s('action.save');
    $('cancel').disabled = !running;
    $('rerun').disabled = running;
    $('copy').disabled = !report || running;
    $('save').disabled = !report || running;
  }

  function renderConclusion() {
    $('h-conclusion').textContent = s('section.conclusion');
    const list = $('conclusion');
    clear(list);
    if (!report) return;
    if (report.conclusion.length === 0) {
      list.appendChild(el('li', running ? s('conclusion.pending') : s('conclusion.none')));
      return;
    }
    for (const c of report.conclusion) {
      const li = el('li');
      const head = el('div');
      head.appendChild(el('span', c.category, 'cat'));
      head.appendChild(el('strong', c.title));
      li.appendChild(head);
      if (c.detail) li.appendChild(el('p', c.detail, 'detail'));
      if (c.modules.length > 0)
        li.appendChild(el('p', fmt('conclusion.explains', c.modules.join(', ')), 'explains'));
      if (c.fixes.length > 0) {
        const fixes = el('div', undefined, 'fixes');
        c.fixes.forEach((f, i) => fixes.appendChild(fixButton(f, c, i === 0)));
        li.appendChild(fixes);
      }
      list.appendChild(li);
    }
  }

  function renderProbes() {
    $('h-probes').textContent = s('section.probes');
    const box = $('probes');
    clear(box);
    if (!report) return;
    for (const p of report.probes) {
      const div = el('div', undefined, 'probe');
      const h = el('h3', p.label + ' ');
      h.appendChild(el('span', p.url + (p.via ? ` ${fmt('probe.via', p.via)}` : ''), 'url'));
      div.appendChild(h);
      const stages = el('ol', undefined, 'stages');
      stages.setAttribute('aria-label', fmt('probe.stagesOf', p.label));
      p.stages.forEach((st, i) => {
        if (i > 0) {
          const arrow = el('li', '→', 'arrow');
          arrow.setAttribute('aria-hidden', 'true');
          stages.appendChild(arrow);
        }
        const li = el('li', undefined, `stage ${st.status}`);
        li.appendChild(el('span', stageName(st.id), 'name'));
        li.appendChild(
          el(
            'span',
            `${STATUS_MARK[st.status] ?? ''} ${s(`status.${st.status}`)} ${ms(st.ms)}`.trim(),
            'status',
          ),
        );
        li.title = st.summary;
        stages.appendChild(li);
      });
      div.appendChild(stages);
      const details = el('ul', undefined, 'stage-details');
      for (const st of p.stages) {
        if (!st.summary) continue;
        const li = el('li');
        li.appendChild(el('strong', `${stageName(st.id)}: `));
        li.appendChild(document.createTextNode(st.summary));
        if (st.tls && st.tls.interception && st.tls.interception.suspected)
          li.appendChild(
            document.createTextNode(` — ${fmt('probe.interception', st.tls.interception.reason)}`),
          );
        if (st.git && st.git.output.length > 0 && st.status !== 'ok')
          li.appendChild(el('div', st.git.output[st.git.output.length - 1], 'mono'));
        details.appendChild(li);
      }
      div.appendChild(details);
      box.appendChild(div);
    }
  }

  const COLUMNS = [
    ['path', 'col.module'],
    ['version', 'col.version'],
    ['status', 'col.status'],
    ['category', 'col.category'],
    ['ms', 'col.time'],
    ['fix', 'col.fix'],
  ];
  const STATUS_ORDER = { failed: 0, unknown: 1, ok: 2, cached: 3 };

  function renderModules() {
    $('h-modules').textContent = s('section.modules');
    $('filter-label').textContent = s('modules.filter');
    $('modules-note').textContent =
      report?.modulesNote ?? (report?.modulesState === 'running' ? s('modules.running') : '');
    const head = $('modules-head');
    clear(head);
    for (const [key, label] of COLUMNS) {
      const th = el('th');
      th.scope = 'col';
      if (key === 'fix') th.textContent = s(label);
      else {
        const b = el('button', s(label) + (sortKey === key ? (sortDir > 0 ? ' ▲' : ' ▼') : ''));
        b.type = 'button';
        b.addEventListener('click', () => {
          sortDir = sortKey === key ? -sortDir : 1;
          sortKey = key;
          renderModules();
          head.querySelectorAll('button')[COLUMNS.findIndex((c) => c[0] === key)]?.focus();
        });
        th.setAttribute('aria-sort', sortKey === key ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
        th.appendChild(b);
      }
      head.appendChild(th);
    }
    const rows = report ? report.modules.slice() : [];
    const cats = [...new Set(rows.map((m) => m.category).filter((c) => c))].sort();
    const sel = $('filter');
    const had = sel.value;
    clear(sel);
    const all = el('option', s('modules.all'));
    all.value = '';
    sel.appendChild(all);
    for (const c of cats) {
      const o = el('option', c);
      o.value = c;
      sel.appendChild(o);
    }
    sel.value = cats.includes(had) ? had : filter && cats.includes(filter) ? filter : '';
    filter = sel.value;
    const val = (m) =>
      sortKey === 'status'
        ? (STATUS_ORDER[m.status] ?? 9)
        : sortKey === 'ms'
          ? m.ms
          : String(m[sortKey] ?? '');
    rows.sort((a, b) => {
      const x = val(a);
      const y = val(b);
      return (x < y ? -1 : x > y ? 1 : 0) * sortDir || a.path.localeCompare(b.path);
    });
    const body = $('modules-body');
    clear(body);
    for (const m of rows) {
      if (filter && m.category !== filter) continue;
      const tr = el('tr', undefined, m.status);
      tr.appendChild(
        el('td', m.path + (m.origin === 'transitive' ? ` (${s('modules.transitive')})` : ''), 'mono'),
      );
      tr.appendChild(el('td', m.version, 'mono'));
      tr.appendChild(
        el(
          'td',
          `${STATUS_MARK[m.status === 'failed' ? 'failed' : m.status === 'unknown' ? 'warning' : 'ok']} ${s(`module.${m.status}`)}`,
          'status',
        ),
      );
      const cat = el('td', m.category ?? '');
      if (m.summary) cat.title = m.summary;
      tr.appendChild(cat);
      tr.appendChild(el('td', ms(m.ms)));
      const fixTd = el('td');
      if (m.status === 'failed' && m.fixes.length > 0) {
        fixTd.appendChild(
          fixButton(
            m.fixes[0],
            { category: m.category, module: m.path, version: m.version, host: m.host },
            false,
          ),
        );
      }
      tr.appendChild(fixTd);
      body.appendChild(tr);
    }
  }

  function renderEnv() {
    $('h-env').textContent = s('section.env');
    const head = $('env-head');
    clear(head);
    for (const k of ['col.variable', 'col.value', 'col.source']) {
      const th = el('th', s(k));
      th.scope = 'col';
      head.appendChild(th);
    }
    const body = $('env-body');
    clear(body);
    const extra = $('env-extra');
    clear(extra);
    if (!report) return;
    for (const v of [...report.env.vars, ...report.env.proxyVars]) {
      if (v.source === 'unset') continue;
      const tr = el('tr');
      tr.appendChild(el('td', v.name, 'mono'));
      tr.appendChild(el('td', v.value, 'mono'));
      tr.appendChild(
        el('td', s(`source.${v.source}`) === `source.${v.source}` ? v.source : s(`source.${v.source}`)),
      );
      body.appendChild(tr);
    }
    const n = report.env.netrc;
    extra.appendChild(
      el(
        'li',
        n.exists
          ? fmt(
              'env.netrc',
              n.path,
              n.mode ?? '?',
              n.machines.map((m) => m.machine).join(', ') || s('none'),
            ) + (n.tooOpen ? ` ${s('env.netrcOpen')}` : '')
          : fmt('env.noNetrc', n.path),
      ),
    );
    if (report.env.goauth) extra.appendChild(el('li', `GOAUTH: ${report.env.goauth.value}`));
    const g = report.env.git;
    extra.appendChild(
      el(
        'li',
        g.version ? fmt('env.git', g.version, g.credentialHelpers.join(', ') || s('none')) : (g.error ?? ''),
      ),
    );
    for (const r of g.insteadOf) extra.appendChild(el('li', `insteadOf: ${r.from} → ${r.to}`));
    extra.appendChild(el('li', fmt('env.trust', report.env.trustStore)));
  }

  // Settings findings, routes and editor-against-terminal: the extension sends them as text, drawn as is.
  function renderConfig() {
    const box = $('config');
    clear(box);
    for (const sec of config) {
      const section = el('section', undefined, `config ${sec.id}`);
      const h = el('h2', sec.title);
      h.id = `h-${sec.id}`;
      section.setAttribute('aria-labelledby', h.id);
      section.appendChild(h);
      for (const b of sec.blocks) {
        const div = el('div', undefined, b.title !== undefined ? 'probe' : '');
        if (b.title !== undefined) div.appendChild(el('h3', b.title, 'mono'));
        const ul = el('ul', undefined, 'facts');
        for (const line of b.lines) {
          const li = el('li');
          if (line.badge) li.appendChild(el('span', line.badge, `badge ${line.tone ?? ''}`.trim()));
          li.appendChild(document.createTextNode(line.text));
          ul.appendChild(li);
        }
        div.appendChild(ul);
        section.appendChild(div);
      }
      box.appendChild(section);
    }
  }

  function render() {
    renderHeader();
    renderConclusion();
    renderProbes();
    renderModules();
    renderEnv();
    renderConfig();
  }

  $('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
  $('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  $('copy').addEventListener('click', () => vscode.postMessage({ type: 'copyMarkdown' }));
  $('save').addEventListener('click', () => vscode.postMessage({ type: 'saveJson' }));
  $('filter').addEventListener('change', (e) => {
    filter = e.target.value;
    renderModules();
  });

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m.type !== 'string') return;
    switch (m.type) {
      case 'init':
        S = m.strings || {};
        document.documentElement.lang = m.locale || 'en';
        break;
      case 'progress':
        report = m.report;
        config = Array.isArray(m.config) ? m.config : [];
        running = true;
        break;
      case 'done':
        report = m.report;
        config = Array.isArray(m.config) ? m.config : [];
        running = false;
        break;
      case 'started':
        running = true;
        break;
      case 'error':
        running = false;
        $('state').textContent = m.message;
        return;
      default:
        return;
    }
    render();
  });

  render();
  vscode.postMessage({ type: 'ready' });
})();
