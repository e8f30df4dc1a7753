// Writes the settings and commands tables, generated from package.json and its package.nls*.json texts,
// between these markers in the documents that carry them:
//
//   <!-- settings:start --> … <!-- settings:end -->
//   <!-- commands:start --> … <!-- commands:end -->
//
// The documents are formatted with Prettier afterwards (tables padded), as `npm run format:check` expects.
// Documents: README.md and docs/settings.md in English, docs/zh-cn/settings.md in Chinese. A document without
// the markers is left alone; at least one document must have them.
//
//   node scripts/readme-tables.mjs            rewrite the tables
//   node scripts/readme-tables.mjs --check    exit 1 (and say where) when a table differs from package.json
//   --root DIR                                work on another checkout (tests)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';

const TARGETS = [
  { file: 'README.md', locale: 'en' },
  { file: 'docs/settings.md', locale: 'en' },
  { file: 'docs/zh-cn/settings.md', locale: 'zh-cn' },
];

const HEADINGS = {
  en: {
    settings: ['Setting', 'Type', 'Default', 'Description'],
    commands: ['Command', 'Title'],
    oneOf: 'One of:',
    colon: ': ',
  },
  'zh-cn': {
    settings: ['设置', '类型', '默认值', '说明'],
    commands: ['命令', '标题'],
    oneOf: '可选值：',
    colon: '：',
  },
};

function cell(s) {
  return String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function code(s) {
  const text = String(s);
  const ticks = text.includes('`') ? '``' : '`';
  const pad = text.includes('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function localize(value, nls) {
  if (typeof value !== 'string') return '';
  const m = /^%(.+)%$/.exec(value);
  return m ? (nls[m[1]] ?? value) : value;
}

function typeOf(schema) {
  const type = Array.isArray(schema.type) ? schema.type.join(' \\| ') : (schema.type ?? '');
  if (type === 'array' && schema.items?.type) return `${schema.items.type}[]`;
  return type;
}

/** The tables for one locale, as markdown (without the markers). */
export function renderTables(pkg, nls, locale) {
  const h = HEADINGS[locale];
  const props = pkg.contributes?.configuration?.properties ?? {};
  const settings = [
    `| ${h.settings.join(' | ')} |`,
    `|${h.settings.map(() => '---').join('|')}|`,
    ...Object.entries(props).map(([key, schema]) => {
      let description = localize(schema.markdownDescription ?? schema.description, nls);
      if (Array.isArray(schema.enum)) {
        const values = schema.enum.map((v, i) => {
          const d = localize(schema.enumDescriptions?.[i], nls);
          return d ? `- ${code(v)}${h.colon}${d}` : `- ${code(v)}`;
        });
        description += `<br>${h.oneOf}<br>${values.join('<br>')}`;
      }
      return `| ${code(key)} | ${cell(typeOf(schema))} | ${code(JSON.stringify(schema.default))} | ${cell(description)} |`;
    }),
  ].join('\n');
  const cmds = pkg.contributes?.commands ?? [];
  const commands = [
    `| ${h.commands.join(' | ')} |`,
    `|${h.commands.map(() => '---').join('|')}|`,
    ...cmds.map((c) => {
      const title = localize(c.title, nls);
      const category = localize(c.category, nls);
      return `| ${code(c.command)} | ${cell(category ? `${category}: ${title}` : title)} |`;
    }),
  ].join('\n');
  return { settings, commands };
}

/** The document with the tables between its markers replaced; undefined when it has no markers. */
export function replaceTables(text, tables) {
  let out = text;
  let found = false;
  for (const name of ['settings', 'commands']) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i === -1 || j === -1 || j < i) continue;
    found = true;
    out = `${out.slice(0, i + start.length)}\n\n${tables[name]}\n\n${out.slice(j)}`;
  }
  return found ? out : undefined;
}

async function main(argv) {
  const check = argv.includes('--check');
  const r = argv.indexOf('--root');
  const root = r !== -1 ? argv[r + 1] : new URL('..', import.meta.url).pathname;
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  let withMarkers = 0;
  const drifted = [];
  for (const target of TARGETS) {
    const path = join(root, target.file);
    if (!existsSync(path)) continue;
    const nlsFile = target.locale === 'en' ? 'package.nls.json' : `package.nls.${target.locale}.json`;
    const nls = JSON.parse(readFileSync(join(root, nlsFile), 'utf8'));
    const text = readFileSync(path, 'utf8');
    const replaced = replaceTables(text, renderTables(pkg, nls, target.locale));
    if (replaced === undefined) continue;
    // The repository's Prettier settings decide the final layout, so `prettier --check` agrees with this script.
    const options = (await prettier.resolveConfig(path)) ?? {};
    const next = await prettier.format(replaced, { ...options, filepath: path });
    withMarkers++;
    if (next === text) continue;
    if (check) drifted.push(target.file);
    else writeFileSync(path, next);
  }
  if (withMarkers === 0) {
    process.stderr.write('readme-tables: no document has the <!-- settings:start --> markers\n');
    return 1;
  }
  if (drifted.length > 0) {
    process.stderr.write(
      `readme-tables: out of date with package.json: ${drifted.join(', ')} (run npm run readme:tables)\n`,
    );
    return 1;
  }
  return 0;
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
