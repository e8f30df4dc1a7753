/**
 * What the editor shows: the diagnostics of every root, merged per file, each (file, line, cause) once even when
 * two roots report it (a module checked on its own and in its go.work), provisional warnings of a check still
 * waiting on go, and the true count of problems.
 */
import type { Diagnostic } from 'vscode-languageserver/node';
import { isDiagnosticData } from './diagnostics.ts';

/** Sends one file's diagnostics (connection.sendDiagnostics). */
export type SendDiagnostics = (uri: string, diagnostics: Diagnostic[]) => void;

type ByUri = Map<string, Diagnostic[]>;

/**
 * The keys of the cause a diagnostic stands for, on its line: its category with its module, and with its words.
 * Either seen before makes it a duplicate (go reports a failing replacement from both its download and its
 * module graph in the same words, with the required and the replacement version).
 */
function causeKeys(d: Diagnostic): string[] {
  const f = isDiagnosticData(d.data) ? d.data.finding : undefined;
  const words = typeof d.message === 'string' ? d.message : d.message.value;
  const at = `${d.range.start.line}\0${String(d.code ?? '')}\0`;
  return f?.module ? [at + words, `${at}${f.module}@${f.version ?? ''}`] : [at + words];
}

const sinceKey = (root: string, uri: string, d: Diagnostic): string =>
  `${root}\0${uri}\0${d.range.start.line}`;

export class Publisher {
  private readonly final = new Map<string, ByUri>();
  private readonly provisional = new Map<string, ByUri>();
  /** When each provisional diagnostic (root, file, line) was first shown, for the waited time. */
  private readonly since = new Map<string, number>();
  /** What each file shows now, and how many of those are final problems. */
  private readonly shown = new Map<string, { diagnostics: Diagnostic[]; problems: number }>();

  /** `openUris(root)`: open documents of a root, which get a (possibly empty) list after each of its checks. */
  constructor(
    private readonly send: SendDiagnostics,
    private readonly openUris: (root: string) => string[],
  ) {}

  /** A finished check: its diagnostics replace the root's earlier ones and its provisional ones. */
  setFinal(root: string, byUri: ByUri): void {
    const touched = this.urisOf(root);
    this.final.set(root, byUri);
    this.provisional.delete(root);
    this.noteSince(root);
    for (const uri of byUri.keys()) touched.add(uri);
    for (const uri of this.openUris(root)) touched.add(uri);
    this.flush(touched);
  }

  /** Warnings of a check still running (a request go is waiting on); `new Map()` removes them. */
  setProvisional(root: string, byUri: ByUri): void {
    const touched = new Set([...(this.provisional.get(root)?.keys() ?? []), ...byUri.keys()]);
    if (byUri.size === 0) this.provisional.delete(root);
    else this.provisional.set(root, byUri);
    this.noteSince(root);
    this.flush(touched);
  }

  /** Drops a root's diagnostics (its go.mod was deleted, its folder removed). */
  clear(root: string): void {
    const touched = this.urisOf(root);
    this.final.delete(root);
    this.provisional.delete(root);
    this.noteSince(root);
    this.flush(touched);
  }

  /** What a file shows now. */
  diagnostics(uri: string): Diagnostic[] {
    return this.shown.get(uri)?.diagnostics ?? [];
  }

  /** Problems shown across the workspace, each cause once (provisional warnings not counted). */
  problems(): number {
    let n = 0;
    for (const s of this.shown.values()) n += s.problems;
    return n;
  }

  /** The provisional diagnostics of checks still waiting on go, with when each was first shown. */
  waiting(): { uri: string; diagnostic: Diagnostic; since: number }[] {
    return [...this.provisional].flatMap(([root, m]) =>
      [...m].flatMap(([uri, list]) =>
        list.map((diagnostic) => ({
          uri,
          diagnostic,
          since: this.since.get(sinceKey(root, uri, diagnostic)) ?? Date.now(),
        })),
      ),
    );
  }

  /** Keeps the first-shown time of the root's provisional diagnostics that are still there. */
  private noteSince(root: string): void {
    const keys = new Set<string>();
    for (const [uri, list] of this.provisional.get(root) ?? []) {
      for (const d of list) keys.add(sinceKey(root, uri, d));
    }
    for (const k of [...this.since.keys()])
      if (k.startsWith(`${root}\0`) && !keys.has(k)) this.since.delete(k);
    for (const k of keys) if (!this.since.has(k)) this.since.set(k, Date.now());
  }

  private urisOf(root: string): Set<string> {
    return new Set([...(this.final.get(root)?.keys() ?? []), ...(this.provisional.get(root)?.keys() ?? [])]);
  }

  private merged(uri: string): { diagnostics: Diagnostic[]; problems: number } {
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    const take = (list: Diagnostic[] | undefined): void => {
      for (const d of list ?? []) {
        const keys = causeKeys(d);
        if (keys.some((k) => seen.has(k))) continue;
        for (const k of keys) seen.add(k);
        out.push(d);
      }
    };
    for (const byUri of this.final.values()) take(byUri.get(uri));
    const problems = out.length;
    for (const byUri of this.provisional.values()) take(byUri.get(uri));
    return { diagnostics: out, problems };
  }

  private flush(touched: Set<string>): void {
    for (const uri of touched) {
      const m = this.merged(uri);
      if (m.diagnostics.length === 0) this.shown.delete(uri);
      else this.shown.set(uri, m);
      this.send(uri, m.diagnostics);
    }
  }
}
