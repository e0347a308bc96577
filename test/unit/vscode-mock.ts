/**
 * A minimal hand-written stand-in for the `vscode` module: just what the extension touches while
 * activating and while running the commands the tests call. It records registrations and the
 * messages shown, so tests can assert on them. `installVscodeMock` makes `require('vscode')`
 * return it (for the TypeScript sources under tsx and for the bundled dist/extension.js alike).
 */
import Module from 'node:module';
import * as path from 'node:path';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.listeners.push(l);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((x) => x !== l);
      },
    };
  };
  fire(e: T): void {
    for (const l of this.listeners.slice()) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c as number, d as number) : (b as Position);
  }
  isEqual(o: Range): boolean {
    return (
      this.start.line === o.start.line &&
      this.start.character === o.start.character &&
      this.end.line === o.end.line &&
      this.end.character === o.end.character
    );
  }
  intersection(o: Range): Range | undefined {
    const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character <= q.character);
    return before(this.start, o.end) && before(o.start, this.end) ? this : undefined;
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  get path(): string {
    return this.fsPath;
  }
  static file(p: string): Uri {
    return new Uri('file', path.resolve(p));
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, path.join(base.fsPath, ...parts));
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath}`;
  }
}

const disposable = () => ({ dispose: () => undefined });

export interface MockState {
  commands: Map<string, (...args: unknown[]) => unknown>;
  messages: { level: 'info' | 'warning' | 'error'; text: string; items: string[] }[];
  executed: string[];
  treeViews: string[];
  customEditors: string[];
  diagnosticCollections: string[];
  /** What each diagnostic collection shows in Problems now: document URI → its diagnostics. */
  published: Map<string, unknown[]>;
  /** Every line written to any output channel. */
  logLines: string[];
  /** The title of each progress notification shown, and the messages reported in it. */
  progress: { title: string; messages: string[] }[];
  /** Answers showXxxMessage with this item (e.g. to click "Manage Workspace Trust"). */
  answer?: string;
}

export function createVscodeMock(
  opts: { trusted?: boolean; workspace?: string; config?: Record<string, unknown>; extensionPath?: string } = {},
) {
  const state: MockState = {
    commands: new Map(),
    messages: [],
    executed: [],
    treeViews: [],
    customEditors: [],
    diagnosticCollections: [],
    published: new Map(),
    logLines: [],
    progress: [],
  };
  const show =
    (level: 'info' | 'warning' | 'error') =>
    (text: string, ...rest: unknown[]) => {
      const items = rest.filter((r): r is string => typeof r === 'string');
      state.messages.push({ level, text, items });
      return Promise.resolve(state.answer && items.includes(state.answer) ? state.answer : undefined);
    };
  const outputChannel = (name: string) => ({
    name,
    appendLine(l: string) {
      state.logLines.push(l);
    },
    append(t: string) {
      state.logLines.push(t);
    },
    show() {},
    dispose() {},
  });
  const vscode = {
    EventEmitter,
    Position,
    Range,
    Uri,
    Disposable: class {
      constructor(private readonly fn: () => void) {}
      dispose() {
        this.fn();
      }
    },
    RelativePattern: class {
      constructor(
        readonly base: unknown,
        readonly pattern: string,
      ) {}
    },
    ThemeIcon: class {
      constructor(
        readonly id: string,
        readonly color?: unknown,
      ) {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    TreeItem: class {
      constructor(
        readonly label: string,
        readonly collapsibleState?: number,
      ) {}
    },
    MarkdownString: class {
      value = '';
      constructor(v?: string) {
        this.value = v ?? '';
      }
      appendMarkdown(s: string) {
        this.value += s;
        return this;
      }
      appendText(s: string) {
        this.value += s;
        return this;
      }
    },
    Diagnostic: class {
      code?: unknown;
      source?: string;
      constructor(
        readonly range: Range,
        readonly message: string,
        readonly severity: number,
      ) {}
    },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    CodeAction: class {
      diagnostics?: unknown[];
      isPreferred?: boolean;
      edit?: unknown;
      constructor(
        readonly title: string,
        readonly kind: unknown,
      ) {}
    },
    CodeActionKind: { QuickFix: 'quickfix' },
    CodeLens: class {
      constructor(
        readonly range: Range,
        readonly command?: unknown,
      ) {}
    },
    CompletionItem: class {
      constructor(
        readonly label: string,
        readonly kind?: number,
      ) {}
    },
    CompletionItemKind: { File: 16, Folder: 18 },
    WorkspaceEdit: class {
      edits: unknown[] = [];
      replace(uri: Uri, range: Range, text: string) {
        this.edits.push({ uri, range, text });
      }
    },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    window: {
      createOutputChannel: outputChannel,
      createTreeView: (id: string) => {
        state.treeViews.push(id);
        return { badge: undefined, dispose() {} };
      },
      createStatusBarItem: () => ({ text: '', show() {}, hide() {}, dispose() {} }),
      registerCustomEditorProvider: (id: string) => {
        state.customEditors.push(id);
        return disposable();
      },
      showInformationMessage: show('info'),
      showWarningMessage: show('warning'),
      showErrorMessage: show('error'),
      showQuickPick: () => Promise.resolve(undefined),
      showInputBox: () => Promise.resolve(undefined),
      showOpenDialog: () => Promise.resolve(undefined),
      showTextDocument: () => Promise.resolve(undefined),
      withProgress: (o: { title?: string }, task: (progress: unknown, token: unknown) => unknown) => {
        const entry = { title: o.title ?? '', messages: [] as string[] };
        state.progress.push(entry);
        const token = { isCancellationRequested: false, onCancellationRequested: disposable };
        return Promise.resolve(
          task(
            {
              report: (r: { message?: string }) => {
                if (r.message) entry.messages.push(r.message);
              },
            },
            token,
          ),
        );
      },
      activeTextEditor: undefined as unknown,
      tabGroups: { activeTabGroup: { activeTab: undefined } },
      createWebviewPanel: () => {
        throw new Error('webview panels are not mocked');
      },
    },
    workspace: {
      isTrusted: opts.trusted ?? true,
      workspaceFolders: opts.workspace ? [{ uri: Uri.file(opts.workspace), name: 'ws', index: 0 }] : undefined,
      textDocuments: [] as unknown[],
      getConfiguration: () => ({
        get: <T>(key: string, def: T) => (opts.config && key in opts.config ? (opts.config[key] as T) : def),
        update: () => Promise.resolve(),
      }),
      createFileSystemWatcher: () => ({ onDidCreate: disposable, onDidChange: disposable, onDidDelete: disposable, dispose() {} }),
      onDidOpenTextDocument: disposable,
      onDidChangeTextDocument: disposable,
      onDidSaveTextDocument: disposable,
      onDidCloseTextDocument: disposable,
      onDidChangeConfiguration: disposable,
      onDidChangeWorkspaceFolders: disposable,
      onDidGrantWorkspaceTrust: disposable,
      findFiles: () => Promise.resolve([]),
      openTextDocument: () => Promise.reject(new Error('no documents in the mock')),
      asRelativePath: (u: Uri) => u.fsPath,
    },
    languages: {
      createDiagnosticCollection: (name: string) => {
        state.diagnosticCollections.push(name);
        return {
          set(uri: Uri, diags: unknown[]) {
            state.published.set(uri.toString(), diags);
          },
          delete(uri: Uri) {
            state.published.delete(uri.toString());
          },
          get: (uri: Uri) => state.published.get(uri.toString()) ?? [],
          dispose() {},
        };
      },
      registerCodeActionsProvider: disposable,
      registerCodeLensProvider: disposable,
      registerCompletionItemProvider: disposable,
      match: () => 0,
    },
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        if (state.commands.has(id)) throw new Error(`command '${id}' already exists`);
        state.commands.set(id, fn);
        return { dispose: () => state.commands.delete(id) };
      },
      executeCommand: (id: string, ...args: unknown[]) => {
        state.executed.push(id);
        const fn = state.commands.get(id);
        return Promise.resolve(fn ? fn(...args) : undefined);
      },
    },
    env: { clipboard: { writeText: () => Promise.resolve() } },
  };
  const extensionPath = opts.extensionPath ?? path.join(__dirname, '..', '..');
  const context = { subscriptions: [] as { dispose(): unknown }[], extensionUri: Uri.file(extensionPath), extensionPath };
  return { vscode, state, context };
}

type LoadFn = (request: string, parent: unknown, isMain: boolean) => unknown;

/** Makes `require('vscode')` return `mock` until the returned function is called. */
export function installVscodeMock(mock: unknown): () => void {
  const mod = Module as unknown as { _load: LoadFn };
  const original = mod._load;
  mod._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === 'vscode') return mock;
    return original.call(this, request, parent, isMain);
  };
  return () => {
    mod._load = original;
  };
}
