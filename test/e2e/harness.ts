/**
 * Runs VLA Lab inside a real VS Code: code-server 4.100.3 (VS Code 1.100.3, installed by
 * test/e2e/setup.sh into a cache folder) on 127.0.0.1, driven through Debian's Chromium with
 * playwright-core. Everything it starts lives in its own process group and temp folders, and is
 * torn down by `close()` — also on SIGINT/SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

export const REPO = join(__dirname, '..', '..');
/** The unpacked extension to load (the repo; another folder only for trying a partial build). */
export const EXTENSION = process.env.VLA_LAB_E2E_EXTENSION ?? REPO;
export const CACHE = process.env.VLA_LAB_E2E_CACHE ?? join(homedir(), '.cache', 'vla-lab-e2e');
export const CODE_SERVER = join(CACHE, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.VLA_LAB_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** A scenario that cannot run here; the reason is printed and counted as skipped. */
export class Skip extends Error {}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value (or throws the last error after `timeoutMs`). */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false | null>,
  timeoutMs = 30_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs / 1000}s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`,
      );
    }
    await sleep(everyMs);
  }
}

export interface VsCodeOptions {
  /** Start without --disable-workspace-trust (VS Code then asks whether to trust the folder). */
  untrusted?: boolean;
  /** Files to put into the workspace, relative path → content. */
  files?: Record<string, string>;
  log?: (line: string) => void;
}

/** One code-server + one Chromium page showing the workbench on a temp copy of a workspace. */
export class VsCode {
  page!: Page;
  workspace!: string;
  private browser?: Browser;
  private server?: ChildProcess;
  private serverLog: string[] = [];
  private temp!: string;
  private url!: string;

  static async start(opts: VsCodeOptions = {}): Promise<VsCode> {
    const vs = new VsCode();
    live.add(vs);
    try {
      await vs.boot(opts);
    } catch (e) {
      await vs.close();
      throw e;
    }
    return vs;
  }

  private async boot(opts: VsCodeOptions): Promise<void> {
    this.temp = mkdtempSync(join(tmpdir(), 'vla-lab-e2e-'));
    const dirs = Object.fromEntries(
      ['user-data', 'extensions', 'config', 'data', 'cache', 'workspace'].map((d) => [d, join(this.temp, d)]),
    );
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    // The extension, unpacked: the repo itself (package.json + dist/ + schemas/ + python/).
    symlinkSync(EXTENSION, join(dirs.extensions, 'vla-lab.vla-lab-0.1.0'), 'dir');
    this.workspace = dirs.workspace;
    if (existsSync(join(REPO, 'examples'))) cpSync(join(REPO, 'examples'), join(this.workspace, 'examples'), { recursive: true });
    for (const [rel, content] of Object.entries(opts.files ?? {})) {
      mkdirSync(join(this.workspace, rel, '..'), { recursive: true });
      writeFileSync(join(this.workspace, rel), content);
    }
    // Settings a test machine wants: no welcome page, no telemetry, the Debian Python for the trainer.
    mkdirSync(join(dirs['user-data'], 'User'), { recursive: true });
    writeFileSync(
      join(dirs['user-data'], 'User', 'settings.json'),
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'workbench.tips.enabled': false,
          'telemetry.telemetryLevel': 'off',
          'security.workspace.trust.startupPrompt': 'always',
          'security.workspace.trust.untrustedFiles': 'open',
          'extensions.autoCheckUpdates': false,
          'extensions.autoUpdate': false,
          'editor.accessibilitySupport': 'off',
          'vlaLab.pythonPath': process.env.VLA_LAB_PYTHON ?? join(REPO, '.venv', 'bin', 'python'), // scripts/setup.sh makes it
          // VLA_LAB_E2E_TRACE_JSON=1 (with VLA_LAB_E2E_KEEP=1): the JSON language server's messages
          // land in user-data/logs/*/exthost1/vscode.json-language-features/.
          ...(process.env.VLA_LAB_E2E_TRACE_JSON ? { 'json.trace.server': 'verbose' } : {}),
        },
        null,
        2,
      ),
    );

    const port = await freePort();
    const args = [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--user-data-dir',
      dirs['user-data'],
      '--extensions-dir',
      dirs.extensions,
      ...(opts.untrusted ? [] : ['--disable-workspace-trust']),
      this.workspace,
    ];
    this.server = spawn(CODE_SERVER, args, {
      detached: true, // its own process group: close() kills code-server and everything it started
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        XDG_CONFIG_HOME: dirs.config,
        XDG_DATA_HOME: dirs.data,
        XDG_CACHE_HOME: dirs.cache,
        OPENBLAS_NUM_THREADS: '1',
        // Inherited by everything this window starts, also by processes that leave code-server's
        // process group (the runner's detached supervisors and trainers): close() finds them by it.
        [WINDOW_MARKER]: this.temp,
      },
    });
    const onData = (b: Buffer) => {
      for (const line of b.toString().split('\n')) if (line.trim()) this.serverLog.push(line);
      if (this.serverLog.length > 400) this.serverLog.splice(0, this.serverLog.length - 400);
    };
    this.server.stdout?.on('data', onData);
    this.server.stderr?.on('data', onData);
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(this.workspace)}`;
    this.url = url;
    await until(
      'code-server to listen',
      async () => {
        if (this.server?.exitCode !== null) throw new Error(`code-server exited: ${this.serverLog.slice(-5).join(' | ')}`);
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        return res?.ok;
      },
      60_000,
    );

    await this.openWindow();
  }

  /** A browser window showing the workbench of this code-server. */
  private async openWindow(): Promise<void> {
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await this.browser.newContext({ viewport: { width: 1600, height: 1000 } });
    this.page = await context.newPage();
    this.page.setDefaultTimeout(30_000);
    await this.page.goto(this.url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // The explorer shows the folder once the workbench has restored.
    await this.page
      .locator('.explorer-folders-view, .explorer-viewlet')
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(() => undefined);
  }

  /**
   * Closes the editor window (the browser, as a laptop closing a Remote-SSH or code-server window
   * does: the server and what the runner started stay), runs `whileClosed`, then opens a new
   * window on the same workspace: a new workbench and a new extension host, which know only the files.
   */
  async reopenWindow(whileClosed: () => Promise<void> = async () => undefined): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    this.browser = undefined;
    await whileClosed();
    await this.openWindow();
  }

  serverTail(lines = 20): string {
    return this.serverLog.slice(-lines).join('\n');
  }

  /** Runs a command from the palette by its title; retried while the extension host starts. */
  async command(title: string, { attempts = 6 }: { attempts?: number } = {}): Promise<void> {
    const p = this.page;
    for (let attempt = 1; ; attempt++) {
      await p.keyboard.press('Escape');
      await p.keyboard.press('F1');
      const input = p.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
      const row = p.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        // A webview that is (re)loading can take the focus back, which closes the palette: retry.
        await input.waitFor({ timeout: 10_000 });
        await input.fill(`>${title}`);
        await row.waitFor({ timeout: 5_000 });
        await row.click();
        return;
      } catch (e) {
        if (attempt >= attempts)
          throw new Error(
            `command "${title}" not found in the palette after ${attempts} attempts (${(e as Error).message.split('\n')[0]})`,
          );
        await p.keyboard.press('Escape');
        await sleep(2_000 * attempt);
      }
    }
  }

  /**
   * Whether the command palette offers a command with this title (closed again afterwards). Each
   * attempt waits for the palette's answer: the command's row, or "No matching commands"; a
   * "no" is retried (the extension host may still be starting) up to `attempts` times.
   */
  async paletteLists(title: string, { attempts = 6 }: { attempts?: number } = {}): Promise<boolean> {
    const p = this.page;
    for (let attempt = 1; ; attempt++) {
      await p.keyboard.press('Escape');
      await p.keyboard.press('F1');
      const input = p.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
      await input.waitFor({ timeout: 10_000 });
      await input.fill(`>${title}`);
      const widget = p.locator('.quick-input-widget').first();
      const rows = widget.locator('.quick-input-list .monaco-list-row');
      let seen = '';
      let same = 0;
      const found = await until(
        `the palette's answer for "${title}"`,
        async () => {
          const texts = await rows.allInnerTexts();
          if (texts.some((t) => t.includes(title))) return 'yes';
          const now = await widget.innerText();
          same = now === seen ? same + 1 : 0;
          seen = now;
          // "No matching commands", or only other ("similar") commands and a list that has settled.
          if (/No matching commands|similar commands/i.test(seen) || (texts.length > 0 && same >= 3)) return 'no';
          return undefined;
        },
        10_000,
        100,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; the palette showed: ${seen.replace(/\s+/g, ' ').slice(0, 300)}`);
      });
      await p.keyboard.press('Escape');
      if (found === 'yes') return true;
      if (attempt >= attempts) return false;
      await sleep(1_000 * attempt);
    }
  }

  /** Opens a workspace file with Quick Open. */
  async openFile(relPath: string): Promise<void> {
    const p = this.page;
    const name = relPath.split('/').pop() as string;
    await p.keyboard.press('Escape');
    await this.command('Go to File');
    const input = p.locator('.quick-input-widget input').first();
    await input.fill(relPath);
    const row = p.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ timeout: 20_000 });
    await p.keyboard.press('Enter');
    await p.locator('.tab.active', { hasText: name }).first().waitFor({ timeout: 20_000 });
  }

  /** The visible text of the active text editor (small files fit on the screen). */
  async editorText(): Promise<string> {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  /** The frame inside a webview (webviews nest: iframe.webview → iframe#active-frame). */
  async webviewFrame(hasSelector: string, timeoutMs = 30_000): Promise<Frame> {
    return until(
      `a webview showing ${hasSelector}`,
      async () => {
        for (const f of this.page.frames()) {
          if (f.name() === 'active-frame' || f.url().includes('fake.html') || f.parentFrame()?.url().includes('webview')) {
            if (
              await f
                .locator(hasSelector)
                .count()
                .catch(() => 0)
            )
              return f;
          }
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  async notificationsText(): Promise<string> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item');
    return (await toasts.allInnerTexts()).join('\n');
  }

  async screenshot(path: string): Promise<void> {
    mkdirSync(join(path, '..'), { recursive: true });
    await this.page.screenshot({ path });
  }

  async close(): Promise<void> {
    live.delete(this);
    await this.browser?.close().catch(() => undefined);
    this.browser = undefined;
    const server = this.server;
    this.server = undefined;
    if (server?.pid !== undefined && server.exitCode === null) {
      killGroup(server.pid, 'SIGTERM');
      const exited = await Promise.race([new Promise((r) => server.once('exit', () => r(true))), sleep(5_000).then(() => false)]);
      // Wait for the whole group (extension host, language servers, the trainer) to go, then force it.
      const deadline = Date.now() + (exited ? 5_000 : 0);
      while (groupAlive(server.pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(server.pid)) killGroup(server.pid, 'SIGKILL');
    }
    if (this.temp) await killStrays(this.temp);
    // VLA_LAB_E2E_KEEP=1 keeps the temp folders (logs under user-data/logs) for debugging.
    if (this.temp && process.env.VLA_LAB_E2E_KEEP !== '1') rmSync(this.temp, { recursive: true, force: true, maxRetries: 3 });
    else if (this.temp) console.log(`e2e: kept ${this.temp}`);
  }

  /** Focuses the active text editor. */
  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout: 10_000 });
  }

  /** Moves the cursor of the active editor with Go to Line (1-based line and column). */
  async goTo(line: number, column?: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+g');
    const input = this.page.locator('.quick-input-widget input').first();
    await input.waitFor({ timeout: 10_000 });
    // Ctrl+G opens Quick Open with Go to Line's ":" prefix; replace its text as a whole.
    await input.fill(column === undefined ? `:${line}` : `:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * Asks for completions at the cursor until `wanted` accepts the labels. Each attempt closes the
   * suggest widget first: while it is open, Ctrl+Space toggles its details instead of asking the
   * providers again, so a first answer that came too early (the JSON language server starts with
   * the first JSON editor and answers [] until it has the extensions' schema associations; VS Code
   * then shows word-based suggestions) would otherwise stay on screen for good.
   */
  async suggestions(what: string, wanted: (labels: string[]) => boolean, timeoutMs = 60_000): Promise<string[]> {
    const p = this.page;
    const rows = p.locator('.editor-group-container.active .suggest-widget.visible .monaco-list-row .label-name');
    let last: string[] = [];
    try {
      return await until(
        what,
        async () => {
          await p.keyboard.press('Escape');
          await p.keyboard.press('Control+Space');
          await rows.first().waitFor({ timeout: 5_000 });
          last = await rows.allInnerTexts();
          return wanted(last) ? last : undefined;
        },
        timeoutMs,
        500,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; the suggest widget last listed: ${last.join(', ') || 'nothing'}`);
    }
  }

  /** The text of the hover shown by "Show or Focus Hover" at the cursor of the active editor. */
  async hoverText(what: string, wanted: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const hover = this.page.locator('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .monaco-hover-content').first();
    let last = '';
    try {
      return await until(
        what,
        async () => {
          await this.page.keyboard.press('Escape');
          await this.command('Show or Focus Hover');
          await hover.waitFor({ timeout: 5_000 });
          last = await hover.innerText();
          return wanted(last) ? last : undefined;
        },
        timeoutMs,
        500,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; the hover last said: ${last || 'nothing'}`);
    }
  }

  /**
   * Picks an entry of the open Code Action / Quick Fix menu with the keyboard (as a user would
   * with the arrows and Enter). Clicking does not work reliably: the menu lays an invisible
   * `.context-view-pointerBlock` over the workbench until the mouse moves.
   * `pick` chooses among the enabled actions' labels; returns the label applied.
   */
  async chooseAction(pick: (labels: string[]) => string | undefined): Promise<string> {
    const p = this.page;
    const widget = p.locator('.action-widget').first();
    const actions = widget.locator('.monaco-list-row.action:not(.option-disabled)');
    await actions.first().waitFor({ timeout: 10_000 });
    const labels = (await actions.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''))).filter(
      Boolean,
    );
    const target = pick(labels);
    if (!target) throw new Error(`none of the offered actions fits: ${labels.join(' | ')}`);
    const focusedLabel = () =>
      widget
        .locator('.monaco-list-row.action.focused')
        .first()
        .getAttribute('aria-label', { timeout: 2_000 })
        .catch(() => null);
    // The menu opens with its preferred (or first) action focused; the arrows wrap around.
    for (let i = 0; i <= labels.length + 1; i++) {
      if ((await focusedLabel()) === target) {
        await p.keyboard.press('Enter');
        await widget.waitFor({ state: 'hidden', timeout: 10_000 });
        return target;
      }
      await p.keyboard.press('ArrowDown');
    }
    throw new Error(`could not focus "${target}" in the action menu (offered: ${labels.join(' | ')})`);
  }
}

/** Environment variable set on code-server whose value (the window's temp folder) marks its processes. */
const WINDOW_MARKER = 'VLA_LAB_E2E_WINDOW';

/** Processes (other than this one) whose environment carries WINDOW_MARKER=temp (Linux /proc). */
function markedProcesses(temp: string): number[] {
  const needle = `\0${WINDOW_MARKER}=${temp}\0`;
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found; // no /proc: nothing to find this way
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (`\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`.includes(needle)) found.push(Number(name));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}

/**
 * Ends what outlived code-server's process group: the runner starts each run's supervisor and
 * trainer detached (their own groups, so a run survives its editor), which is right for users
 * but must not outlive a test. SIGTERM (the trainer checkpoints), then SIGKILL after 5 s.
 */
async function killStrays(temp: string): Promise<void> {
  let pids = markedProcesses(temp);
  if (!pids.length) return;
  for (const pid of pids) killPid(pid, 'SIGTERM');
  const deadline = Date.now() + 5_000;
  while (pids.length && Date.now() < deadline) {
    await sleep(100);
    pids = markedProcesses(temp);
  }
  for (const pid of pids) killPid(pid, 'SIGKILL');
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const live = new Set<VsCode>();

/** Closes everything still running (used on SIGINT/SIGTERM and at the end). */
export async function closeAll(): Promise<void> {
  await Promise.all([...live].map((v) => v.close()));
}

// One shutdown however many signals arrive (Ctrl+C reaches run.sh and main.ts; run.sh then also
// sends SIGTERM): a second closeAll() would find nothing left to wait for and exit too early.
let shuttingDown: Promise<void> | undefined;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    shuttingDown ??= closeAll().finally(() => process.exit(130));
  });
}
