/**
 * The editor side of the checkers: a DiagnosticCollection for specs and RoboVLMs configs, updated
 * on open, on change (debounced 200 ms) and on save; quick fixes as CodeActions; CodeLenses on
 * specs; path completions. The checking itself is in checks.ts / lenses.ts / completions.ts.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostic, QuickFix } from '../../core/diagnostics';
import { runsDirectory, settings } from '../settings';
import { checkDocument, documentKind, type DocumentKind } from './checks';
import { modelCandidates, pathCandidates, pathContext } from './completions';
import { localModels } from '../models';
import { countSweepPoints, specLenses } from './lenses';

const DEBOUNCE_MS = 200;
const SOURCE = 'VLA Lab';
/**
 * Syntax findings that VS Code's JSON service reports itself in a `json` document (syntax errors,
 * comments, trailing commas, duplicate keys; the schema it gets is hints only, so schema problems
 * come from us alone). Publishing ours too would list each twice in Problems: they stay unpublished,
 * but their quick fixes are still offered where the cursor is (fixesFor).
 */
const REPORTED_BY_JSON_SERVICE = new Set(['json/parse', 'json/duplicate-key', 'robovlms/json-syntax']);

interface Checked {
  version: number;
  /** Every finding; `published`: shown in Problems (false when VS Code's JSON service shows it). */
  items: { diagnostic: vscode.Diagnostic; fixes: QuickFix[]; published: boolean }[];
}

function severity(s: Diagnostic['severity']): vscode.DiagnosticSeverity {
  return s === 'error'
    ? vscode.DiagnosticSeverity.Error
    : s === 'warning'
      ? vscode.DiagnosticSeverity.Warning
      : vscode.DiagnosticSeverity.Information;
}

function rangeOf(doc: vscode.TextDocument, offset: number, length: number): vscode.Range {
  return new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length));
}

export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('vlaLab');
  private readonly checked = new Map<string, Checked>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  constructor(private readonly log: vscode.OutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidSaveTextDocument((d) => this.check(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('vlaLab')) this.checkAll();
      }),
    );
    this.checkAll();
  }

  kindOf(doc: vscode.TextDocument): DocumentKind | undefined {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled' && doc.uri.scheme !== 'vscode-remote') return undefined;
    const glob = settings().robovlmsConfigGlob;
    const inGlob = !!glob && doc.fileName.endsWith('.json') && vscode.languages.match({ pattern: glob }, doc) > 0;
    return documentKind(doc.fileName, doc.getText(), inGlob);
  }

  checkAll(): void {
    for (const d of vscode.workspace.textDocuments) this.check(d);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(doc);
      }, DEBOUNCE_MS),
    );
  }

  check(doc: vscode.TextDocument): void {
    const kind = this.kindOf(doc);
    const key = doc.uri.toString();
    if (!kind) {
      if (this.checked.has(key)) this.forget(doc.uri);
      return;
    }
    let diags: Diagnostic[];
    try {
      diags = checkDocument(kind, doc.fileName, doc.getText(), { robovlmsPath: settings().robovlmsPath });
    } catch (e) {
      // A checker bug must not take the editor down: log it, keep the old diagnostics.
      this.log.appendLine(`[checks] ${doc.fileName}: ${(e as Error).stack ?? String(e)}`);
      return;
    }
    const items = diags.map((d) => {
      const v = new vscode.Diagnostic(rangeOf(doc, d.range.offset, d.range.length), d.message, severity(d.severity));
      v.code = d.code;
      v.source = SOURCE;
      return { diagnostic: v, fixes: d.fixes ?? [], published: !(doc.languageId === 'json' && REPORTED_BY_JSON_SERVICE.has(d.code)) };
    });
    this.checked.set(key, { version: doc.version, items });
    this.collection.set(
      doc.uri,
      items.filter((i) => i.published).map((i) => i.diagnostic),
    );
  }

  /** Every problem of the last check, including the syntax ones left to VS Code's JSON service. */
  problems(doc: vscode.TextDocument): readonly vscode.Diagnostic[] {
    return this.checked.get(doc.uri.toString())?.items.map((i) => i.diagnostic) ?? [];
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.checked.delete(key);
    this.collection.delete(uri);
  }

  /** Quick fixes of our diagnostics that overlap `range` (only while the text is the one checked). */
  fixesFor(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const c = this.checked.get(doc.uri.toString());
    if (!c || c.version !== doc.version) return [];
    const wanted = context.diagnostics.filter((d) => d.source === SOURCE);
    const actions: vscode.CodeAction[] = [];
    for (const item of c.items) {
      const d = item.diagnostic;
      const inContext = wanted.some((w) => w.code === d.code && w.message === d.message && w.range.isEqual(d.range));
      if (!inContext && !d.range.intersection(range)) continue;
      for (const fix of item.fixes) {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [d];
        a.isPreferred = fix.preferred === true;
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) edit.replace(doc.uri, rangeOf(doc, e.offset, e.length), e.newText);
        a.edit = edit;
        actions.push(a);
      }
    }
    return actions;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.collection.dispose();
  }
}

const JSON_FILES: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];
const SPEC_FILES: vscode.DocumentSelector = [
  { language: 'json', pattern: '**/*.vla.json' },
  { language: 'jsonc', pattern: '**/*.vla.json' },
];

/** Feature names of a LeRobot / RLDS data source's dataset, in its `features` mapping (core/spec/dataset-features.ts). */
function featureItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
  if (doc.uri.scheme !== 'file') return undefined;
  const { featureCompletions } = require('../../core/spec/dataset-features') as typeof import('../../core/spec/dataset-features');
  const ctx = require('../../core/spec') as typeof import('../../core/spec');
  const disk = ctx.diskContext(dirname(doc.fileName));
  const got = featureCompletions(doc.getText(), doc.offsetAt(position), dirname(doc.fileName), {
    readText: disk.readText!,
    listDir: disk.listDir,
  });
  if (!got) return undefined;
  const range = new vscode.Range(doc.positionAt(got.context.start), doc.positionAt(got.context.end));
  return got.items.map((c, i) => {
    const item = new vscode.CompletionItem(c.value, vscode.CompletionItemKind.Field);
    item.range = range;
    item.insertText = c.value;
    item.detail = c.isDefault ? `${c.detail} (the default)` : c.detail;
    item.sortText = `${c.isDefault ? 0 : 1}${String(i).padStart(4, '0')}`;
    return item;
  });
}

export function registerLanguageFeatures(context: vscode.ExtensionContext, log: vscode.OutputChannel): DiagnosticsController {
  const diagnostics = new DiagnosticsController(log);
  const lensesChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    diagnostics,
    lensesChanged,
    vscode.languages.registerCodeActionsProvider(
      JSON_FILES,
      {
        provideCodeActions: (doc, range, ctx) => diagnostics.fixesFor(doc, range, ctx),
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.languages.registerCodeLensProvider(SPEC_FILES, {
      onDidChangeCodeLenses: lensesChanged.event,
      provideCodeLenses: (doc) =>
        specLenses(doc.getText(), doc.fileName, countSweepPoints).map((l) => {
          const pos = doc.positionAt(l.offset);
          return new vscode.CodeLens(new vscode.Range(pos, pos), {
            title: l.title,
            command: l.command,
            tooltip: l.tooltip,
            arguments: [doc.uri],
          });
        }),
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lensesChanged.fire()),
    vscode.languages.registerCompletionItemProvider(
      SPEC_FILES,
      {
        provideCompletionItems: (doc, position) => {
          const features = featureItems(doc, position);
          if (features) return features;
          const ctx = pathContext(doc.getText(), doc.offsetAt(position));
          if (!ctx) return undefined;
          const base = doc.uri.scheme === 'file' ? dirname(doc.fileName) : undefined;
          if (!base) return undefined;
          const range = new vscode.Range(doc.positionAt(ctx.start), doc.positionAt(ctx.end));
          const models = ctx.kind === 'backbone-path' || ctx.kind === 'hf-id' ? modelCandidates(ctx, localModels()) : [];
          return [...models, ...pathCandidates(ctx, base, runsDirectory())].map((c, i) => {
            const isModel = i < models.length;
            const item = new vscode.CompletionItem(
              c.value,
              isModel
                ? vscode.CompletionItemKind.Module
                : c.isDirectory
                  ? vscode.CompletionItemKind.Folder
                  : vscode.CompletionItemKind.File,
            );
            item.range = range;
            item.insertText = c.value;
            item.sortText = String(i).padStart(4, '0');
            item.detail = c.detail ?? (c.isDirectory ? 'folder' : ctx.kind === 'sequences' ? 'evaluation chains (JSON)' : 'checkpoint');
            // Keep completing into a folder after choosing it.
            if (c.isDirectory) item.command = { command: 'editor.action.triggerSuggest', title: 'more' };
            return item;
          });
        },
      },
      '/',
      '"',
    ),
  );
  return diagnostics;
}
