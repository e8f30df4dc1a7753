/**
 * SARIF 2.1.0 for code scanning: one rule per category (with help text and the category's documentation
 * page), one result per finding and place, located on the go.mod / go.work line (1-based line and column,
 * UTF-16 code units as the parser counts them).
 */
import { CATEGORIES, type Category } from '../../core/categories.ts';
import { docsUrl, REPOSITORY_URL } from '../../core/docs.ts';
import { t } from '../../core/l10n.ts';
import { categoryHelp, categoryName } from './categoryText.ts';
import type { Report } from './model.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type Finding = Report['findings'][number];

/** One rule per category, with its help text and documentation page. */
function sarifRule(c: Category): Record<string, unknown> {
  return {
    id: c,
    name: c
      .split('-')
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: categoryName(c) },
    fullDescription: { text: `${categoryName(c)}. ${categoryHelp(c)}` },
    help: { text: categoryHelp(c), markdown: `${categoryHelp(c)}\n\n[${docsUrl(c)}](${docsUrl(c)})` },
    helpUri: docsUrl(c),
    defaultConfiguration: { level: 'error' },
  };
}

/** Where a finding points: its go.mod / go.work region, with a fingerprint that survives line moves. */
function sarifLocation(f: Finding, loc: NonNullable<Finding['location']>): Record<string, unknown> {
  const absolute = loc.file.startsWith('/');
  return {
    locations: [
      {
        physicalLocation: {
          artifactLocation: absolute
            ? { uri: `file://${encodeURI(loc.file)}` }
            : { uri: encodeURI(loc.file), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: loc.line,
            startColumn: loc.column,
            endLine: loc.endLine,
            endColumn: loc.endColumn,
          },
        },
      },
    ],
    partialFingerprints: {
      'gomodDoctor/v1': `${f.category}:${loc.file}:${f.requirePath ?? f.module ?? ''}`,
    },
  };
}

/** One result per finding: an error when its category fails the run, a warning otherwise. */
function sarifResult(r: Report, f: Finding): Record<string, unknown> {
  const failing = !r.failOn || r.failOn.includes(f.category);
  const what = f.module ? `${f.module}${f.version ? `@${f.version}` : ''}: ` : '';
  const fixes = f.fixes.length > 0 ? ` ${t('fixes')}: ${f.fixes.join(', ')}.` : '';
  return {
    ruleId: f.category,
    ruleIndex: CATEGORIES.indexOf(f.category),
    level: failing ? 'error' : 'warning',
    message: { text: `${what}${f.summary}${fixes}` },
    properties: {
      stage: f.stage ?? null,
      module: f.module ?? null,
      version: f.version ?? null,
      host: f.host ?? null,
      fixes: f.fixes,
      goRuleId: f.ruleId,
      evidence: f.evidence,
      ...(f.chain ? { chain: f.chain } : {}),
    },
    ...(f.location ? sarifLocation(f, f.location) : {}),
  };
}

export function buildSarif(r: Report, toolVersion: string): Record<string, unknown> {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gomod-doctor',
            informationUri: REPOSITORY_URL,
            version: toolVersion,
            rules: CATEGORIES.map(sarifRule),
          },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: r.exitCode === 0 || r.exitCode === 1,
            exitCode: r.exitCode,
          },
        ],
        results: r.findings.map((f) => sarifResult(r, f)),
      },
    ],
  };
}

export function renderSarif(r: Report, toolVersion: string): string {
  return `${JSON.stringify(buildSarif(r, toolVersion), null, 2)}\n`;
}
