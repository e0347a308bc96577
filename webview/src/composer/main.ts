/**
 * The composer webview: renders the state the extension sends (choices with the rules' reasons,
 * the formulation grid, cost, problems) and asks for changes by JSON path. It never edits text
 * itself; every change comes back as a fresh `state` once the document has changed.
 *
 * Its fields, toggle and buttons are the webview UI toolkit's (through ../ui/toolkit); the page's
 * csp-nonce meta tag (extension/vscode/panels/html.ts) lets the toolkit's focus-visible probe pass
 * the strict CSP. The cost badge is a native <span>, not vscode-badge: that template sets a style
 * attribute, which the CSP blocks (no nonce can allow an attribute).
 */
import './style.css';
import { registerToolkit, setValue, valueOf } from '../ui/toolkit';
import {
  parseComposerToWebview,
  type ChoiceField,
  type ComposerChange,
  type ComposerState,
  type ComposerToExtension,
  type FormulationCell,
  type JsonPathSegment,
  type ToggleField,
} from '../../../extension/shared/messages/composer';

declare function acquireVsCodeApi(): { postMessage(msg: unknown): void };

registerToolkit();
const vscode = acquireVsCodeApi();
const root = document.getElementById('composer') as HTMLElement;
const send = (msg: ComposerToExtension) => vscode.postMessage(msg);
let state: ComposerState | undefined;
let lastError: string | undefined;

// ---- small DOM helpers (text always through textContent: nothing is parsed as HTML) ------------

type Attrs = Record<string, string | boolean | undefined>;

function h(tag: string, attrs: Attrs = {}, ...children: (Node | string | undefined | false)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

/** `**bold**` and `` `code` `` from the schema's markdown descriptions, as DOM nodes. */
function markdownLite(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const part of text.split(/(\*\*[^*]+\*\*|`[^`]+`)/g)) {
    if (!part) continue;
    if (part.startsWith('**')) frag.append(h('strong', {}, part.slice(2, -2)));
    else if (part.startsWith('`')) frag.append(h('code', {}, part.slice(1, -1)));
    else frag.append(part);
  }
  return frag;
}

const dot = (path: readonly JsonPathSegment[]) => path.join('.');

function get(path: readonly JsonPathSegment[]): unknown {
  let v: unknown = state?.spec;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function change(...changes: ComposerChange[]) {
  send({ type: 'change', changes });
}

// ---- widgets -----------------------------------------------------------------------------------

/** A row of option buttons; a forbidden option is disabled and says why. */
function choiceButtons(field: ChoiceField | undefined, opts: { cards?: boolean; label?: string } = {}): HTMLElement {
  if (!field) return h('span');
  const group = h('div', {
    class: opts.cards ? 'cards' : 'choices',
    role: 'radiogroup',
    'aria-label': opts.label ?? field.path,
    'data-path': field.path,
  });
  for (const o of field.options) {
    const selected = o.value === field.current;
    const btn = h(
      'button',
      {
        class: `choice${selected ? ' selected' : ''}${opts.cards ? ' card' : ''}`,
        role: 'radio',
        'aria-checked': selected ? 'true' : 'false',
        'data-key': `${field.path}=${o.value}`,
        'data-value': o.value,
        disabled: o.disabled || readOnly(),
        title: o.reason ?? undefined,
      },
      h('span', { class: 'choice-value' }, o.value),
    );
    if (opts.cards) {
      const structure = /cross-attention/i.test(o.description ?? '') ? 'cross-attention' : o.description ? 'decoder-only' : undefined;
      if (structure) btn.append(h('span', { class: `tag ${structure}` }, structure));
      if (o.description) btn.append(h('span', { class: 'description' }, markdownLite(o.description)));
    }
    if (o.reason) btn.append(h('span', { class: 'reason' }, o.reason));
    btn.addEventListener('click', () => send({ type: 'choose', path: field.path, value: o.value }));
    group.append(btn);
  }
  return group;
}

/** The selected option's description (for fields shown as compact buttons). */
function selectedDescription(field: ChoiceField | undefined): HTMLElement | undefined {
  const d = field?.options.find((o) => o.value === field.current)?.description;
  return d ? h('p', { class: 'hint' }, markdownLite(d)) : undefined;
}

/** A checkbox bound to a boolean field; when a rule forbids turning it over it is disabled and says why. */
function toggleBox(field: ToggleField | undefined, label: string): HTMLElement | undefined {
  if (!field) return undefined;
  const box = h(
    'vscode-checkbox',
    { 'data-key': field.path, checked: field.current, disabled: field.disabled || readOnly(), title: field.reason },
    label,
  );
  box.addEventListener('change', () => {
    const on = Boolean((box as unknown as { checked?: boolean }).checked);
    if (on !== field.current) send({ type: 'toggle', path: field.path, value: on });
  });
  return h(
    'div',
    { class: 'field toggle' },
    box,
    field.reason ? h('span', { class: 'reason' }, field.reason) : undefined,
    field.description ? h('p', { class: 'hint' }, markdownLite(field.description)) : undefined,
  );
}

type NumberKind = 'int' | 'float';

/** A text field bound to a number at `path`; empty removes it (the schema default applies). */
function numberField(label: string, path: JsonPathSegment[], kind: NumberKind = 'int', placeholder?: string): HTMLElement {
  const key = dot(path);
  const current = get(path);
  const input = h('vscode-text-field', { 'data-key': key, placeholder, disabled: readOnly(), size: '8' }, label);
  setValue(input, current === undefined ? '' : String(current));
  const err = h('span', { class: 'field-error', role: 'alert' });
  input.addEventListener('change', () => {
    const raw = valueOf(input).trim();
    if (raw === '') {
      if (current !== undefined) change({ path });
      return;
    }
    const n = Number(raw);
    if (!Number.isFinite(n) || (kind === 'int' && !Number.isInteger(n))) {
      err.textContent = kind === 'int' ? `${label}: enter a whole number.` : `${label}: enter a number.`;
      return;
    }
    err.textContent = '';
    if (n !== current) change({ path, value: n });
  });
  return h('div', { class: 'field' }, input, err);
}

function textField(label: string, path: JsonPathSegment[], placeholder?: string): HTMLElement {
  const current = get(path);
  const input = h('vscode-text-field', { 'data-key': dot(path), placeholder, disabled: readOnly() }, label);
  setValue(input, typeof current === 'string' ? current : '');
  input.addEventListener('change', () => {
    const raw = valueOf(input).trim();
    if (raw === (current ?? '')) return;
    change(raw === '' ? { path } : { path, value: raw });
  });
  return h('div', { class: 'field' }, input);
}

/** Comma-separated list of names (dataset or evaluation tasks). */
function listField(label: string, path: JsonPathSegment[], placeholder: string): HTMLElement {
  const current = get(path);
  const input = h('vscode-text-field', { 'data-key': dot(path), placeholder, disabled: readOnly(), class: 'wide' }, label);
  setValue(input, Array.isArray(current) ? current.join(', ') : '');
  input.addEventListener('change', () => {
    const items = valueOf(input)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    change(items.length === 0 ? { path } : { path, value: items });
  });
  return h('div', { class: 'field wide' }, input);
}

function actionButton(label: string, key: string, onClick: () => void, appearance: 'primary' | 'secondary' = 'secondary'): HTMLElement {
  const b = h('vscode-button', { appearance, 'data-key': key, disabled: readOnly() }, label);
  b.addEventListener('click', onClick);
  return b;
}

function section(id: string, title: string, ...children: (Node | undefined | false)[]): HTMLElement {
  return h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children);
}

const readOnly = () => state?.spec === null || state?.syntaxError !== undefined;

// ---- sections ----------------------------------------------------------------------------------

function formulationGrid(cells: FormulationCell[]): HTMLElement {
  const table = h('table', { class: 'formulation-grid', role: 'grid', 'aria-label': 'Policy formulation' });
  const spaces = [...new Set(cells.map((c) => c.actionSpace))];
  const forms = [...new Set(cells.map((c) => c.formulation))];
  table.append(h('tr', {}, h('th', {}), ...spaces.map((s) => h('th', { scope: 'col' }, s))));
  for (const f of forms) {
    const row = h('tr', {}, h('th', { scope: 'row' }, f));
    for (const s of spaces) {
      const cell = cells.find((c) => c.formulation === f && c.actionSpace === s);
      if (!cell) continue;
      const btn = h(
        'button',
        {
          class: `choice cell${cell.selected ? ' selected' : ''}`,
          'aria-pressed': cell.selected ? 'true' : 'false',
          'data-key': `formulation=${f}/${s}`,
          disabled: cell.disabled || readOnly(),
          title: cell.reason,
        },
        h('span', { class: 'choice-value' }, `${f} · ${s}`),
        cell.reason ? h('span', { class: 'reason' }, cell.reason) : undefined,
      );
      btn.addEventListener('click', () => send({ type: 'chooseFormulation', formulation: f, actionSpace: s }));
      row.append(h('td', {}, btn));
    }
    table.append(row);
  }
  return table;
}

function dataSection(s: ComposerState): HTMLElement {
  const stages = (get(['data', 'stages']) as unknown[] | undefined) ?? [];
  const list = h('ol', { class: 'stages' });
  stages.forEach((_, i) => {
    const datasets = (get(['data', 'stages', i, 'datasets']) as unknown[] | undefined) ?? [];
    const dsList = h('ul', { class: 'datasets' });
    datasets.forEach((__, j) => {
      const base: JsonPathSegment[] = ['data', 'stages', i, 'datasets', j];
      dsList.append(
        h(
          'li',
          { class: 'dataset' },
          choiceButtons(s.choices[`${dot(base)}.type`], { label: 'dataset type' }),
          get([...base, 'type']) === 'playtable' ? choiceButtons(s.choices[`${dot(base)}.embodiment`], { label: 'embodiment' }) : undefined,
          h(
            'div',
            { class: 'row' },
            numberField('Episodes', [...base, 'episodes']),
            numberField('Few-shot', [...base, 'few_shot']),
            numberField('Weight', [...base, 'weight'], 'float'),
            textField('Path', [...base, 'path'], 'default'),
          ),
          listField('Tasks', [...base, 'tasks'], 'all 34 tasks'),
          datasets.length > 1 ? actionButton('Remove dataset', `remove-dataset-${i}-${j}`, () => change({ path: base })) : undefined,
        ),
      );
    });
    list.append(
      h(
        'li',
        { class: 'stage', 'data-stage': String(i) },
        h(
          'div',
          { class: 'row' },
          textField('Stage name', ['data', 'stages', i, 'name']),
          numberField('Steps', ['data', 'stages', i, 'steps']),
          numberField('Epochs', ['data', 'stages', i, 'epochs']),
          numberField('Learning rate', ['data', 'stages', i, 'lr'], 'float', 'train.lr'),
        ),
        dsList,
        h(
          'div',
          { class: 'row' },
          actionButton('Add dataset', `add-dataset-${i}`, () =>
            change({ path: ['data', 'stages', i, 'datasets', datasets.length], value: { type: 'playtable', episodes: 64 }, insert: true }),
          ),
          stages.length > 1 ? actionButton('Remove stage', `remove-stage-${i}`, () => change({ path: ['data', 'stages', i] })) : undefined,
        ),
      ),
    );
  });
  const addStage = actionButton('Add stage', 'add-stage', () => {
    const stage = { name: `stage${stages.length + 1}`, datasets: [{ type: 'playtable', episodes: 64 }], steps: 1000 };
    change(
      Array.isArray(get(['data', 'stages']))
        ? { path: ['data', 'stages', stages.length], value: stage, insert: true }
        : { path: ['data', 'stages'], value: [stage] },
    );
  });
  return section(
    'data',
    'Data recipe',
    choiceButtons(s.choices['data.recipe'], { label: 'recipe' }),
    selectedDescription(s.choices['data.recipe']),
    list,
    addStage,
  );
}

function evalSection(s: ComposerState): HTMLElement {
  const evals = (get(['eval']) as unknown[] | undefined) ?? [];
  const list = h('ol', { class: 'evals' });
  evals.forEach((_, i) => {
    list.append(
      h(
        'li',
        {},
        choiceButtons(s.choices[`eval.${i}.benchmark`], { label: 'benchmark' }),
        h(
          'div',
          { class: 'row' },
          numberField('Chains', ['eval', i, 'chains']),
          numberField('Chain length', ['eval', i, 'chain_length']),
          numberField('Videos', ['eval', i, 'videos']),
          numberField('Max steps', ['eval', i, 'max_steps']),
        ),
        actionButton('Remove evaluation', `remove-eval-${i}`, () => change({ path: ['eval', i] })),
      ),
    );
  });
  const add = actionButton('Add evaluation', 'add-eval', () => {
    const entry = { benchmark: 'playtable', chains: 20, chain_length: 1, videos: 2 };
    change(
      Array.isArray(get(['eval'])) ? { path: ['eval', evals.length], value: entry, insert: true } : { path: ['eval'], value: [entry] },
    );
  });
  return section('evaluation', 'Evaluation', list, add);
}

function header(s: ComposerState): HTMLElement {
  const name = typeof s.spec?.name === 'string' ? s.spec.name : 'untitled';
  const cost = s.cost
    ? h(
        'div',
        { class: 'cost', id: 'cost', 'aria-label': 'Estimated cost' },
        // Not vscode-badge: its template has a style attribute, which the strict CSP blocks (style-src-attr).
        h('span', { class: 'badge' }, s.cost.params),
        ' ',
        h('span', {}, s.cost.memory),
        s.cost.note ? h('span', { class: 'hint' }, ` ${s.cost.note}`) : undefined,
      )
    : h('div', { class: 'cost', id: 'cost' }, 'No estimate yet');
  return h(
    'header',
    {},
    h('h1', {}, name),
    cost,
    actionButton('Show JSON', 'show-text', () => send({ type: 'showText' })),
  );
}

function problems(s: ComposerState): HTMLElement | undefined {
  if (s.problems.length === 0 && !lastError) return undefined;
  const list = h('ul', { class: 'problems', id: 'problems' });
  if (lastError) list.append(h('li', { class: 'error' }, lastError));
  for (const p of s.problems) list.append(h('li', { class: p.severity }, h('code', {}, p.pointer || '/'), ' ', p.message));
  return list;
}

function render(s: ComposerState): void {
  const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
  const c = s.choices;
  const body: (HTMLElement | undefined)[] = [header(s)];
  if (s.syntaxError) body.push(h('p', { class: 'banner', role: 'alert' }, s.syntaxError));
  body.push(problems(s));
  if (s.spec) {
    body.push(
      section('backend', 'Trainer', choiceButtons(c.backend, { label: 'backend' }), selectedDescription(c.backend)),
      section(
        'backbone',
        'Backbone',
        choiceButtons(c['backbone.id'], { cards: true, label: 'backbone' }),
        h('h3', {}, 'Size (built-in backbones)'),
        choiceButtons(c['backbone.size'], { label: 'backbone size' }),
        selectedDescription(c['backbone.size']),
        textField('Weights directory (RoboVLMs backbones)', ['backbone', 'path']),
      ),
      section(
        'formulation',
        'Formulation',
        formulationGrid(s.formulationGrid),
        selectedDescription(c['policy.formulation']),
        selectedDescription(c['policy.action_space']),
      ),
      section(
        'head',
        'Action head',
        choiceButtons(c['policy.head.type'], { label: 'head type' }),
        selectedDescription(c['policy.head.type']),
        h(
          'div',
          { class: 'row' },
          numberField('Hidden', ['policy', 'head', 'hidden']),
          numberField('Layers', ['policy', 'head', 'layers']),
          ['gpt', 'flow', 'oft', 'diffusion'].includes(String(get(['policy', 'head', 'type'])))
            ? numberField('Attention heads', ['policy', 'head', 'heads'])
            : undefined,
          ['flow', 'diffusion'].includes(String(get(['policy', 'head', 'type'])))
            ? numberField('Sampling steps', ['policy', 'head', 'sample_steps'])
            : undefined,
          get(['policy', 'head', 'type']) === 'moe' ? numberField('Experts', ['policy', 'head', 'experts']) : undefined,
          get(['policy', 'head', 'type']) === 'moe' ? numberField('Top-k', ['policy', 'head', 'top_k']) : undefined,
          numberField('Dropout', ['policy', 'head', 'dropout'], 'float'),
        ),
        h('h3', {}, 'Pooling'),
        choiceButtons(c['policy.head.pooling'], { label: 'pooling' }),
        // the toggle exists for flow and diffusion heads, or while it is on (the extension's model decides)
        s.toggles['action.knowledge_insulation'] ? h('h3', {}, 'Knowledge insulation (π0.5)') : undefined,
        toggleBox(
          s.toggles['action.knowledge_insulation'],
          'Train the backbone on FAST tokens; the expert reads it through a stop-gradient',
        ),
        s.toggles['action.knowledge_insulation']?.current
          ? h('div', { class: 'row' }, numberField('Token-loss weight', ['action', 'token_weight'], 'float'))
          : undefined,
      ),
      section(
        'history',
        'History and action chunk',
        h(
          'div',
          { class: 'row' },
          numberField('History (steps seen)', ['policy', 'history']),
          numberField('Chunk (actions predicted)', ['policy', 'chunk']),
        ),
        get(['policy', 'action_space']) === 'discrete' ? h('h3', {}, 'Action tokens') : undefined,
        get(['policy', 'action_space']) === 'discrete' ? choiceButtons(c['action.tokenizer'], { label: 'action tokenizer' }) : undefined,
        get(['policy', 'action_space']) === 'discrete' ? selectedDescription(c['action.tokenizer']) : undefined,
        get(['policy', 'action_space']) === 'discrete' && get(['action', 'tokenizer']) !== 'fast'
          ? h('div', { class: 'row' }, numberField('Bins', ['policy', 'discretization', 'bins']))
          : undefined,
        (get(['policy', 'action_space']) === 'discrete' && get(['action', 'tokenizer']) === 'fast') ||
          get(['action', 'knowledge_insulation']) === true
          ? h(
              'div',
              { class: 'row' },
              numberField('FAST scale', ['action', 'fast', 'scale'], 'float'),
              numberField('FAST vocabulary', ['action', 'fast', 'vocab_size']),
            )
          : undefined,
      ),
      dataSection(s),
      section(
        'training',
        'Training',
        h(
          'div',
          { class: 'row' },
          numberField('Batch size', ['train', 'batch_size']),
          numberField('Learning rate', ['train', 'lr'], 'float'),
          numberField('Warm-up steps', ['train', 'warmup_steps']),
          numberField('Seed', ['train', 'seed']),
          numberField('Log every', ['train', 'log_every']),
        ),
        h('h3', {}, 'Optimizer'),
        choiceButtons(c['train.optimizer'], { label: 'optimizer' }),
        h('h3', {}, 'Schedule'),
        choiceButtons(c['train.schedule'], { label: 'schedule' }),
        h('h3', {}, 'Precision'),
        choiceButtons(c['train.precision'], { label: 'precision' }),
        h('h3', {}, 'Arm loss'),
        choiceButtons(c['action.arm_loss'], { label: 'arm loss' }),
      ),
      evalSection(s),
      section(
        'resources',
        'Resources',
        choiceButtons(c['resources.launcher'], { label: 'launcher' }),
        selectedDescription(c['resources.launcher']),
        h('div', { class: 'row' }, numberField('GPUs per node', ['resources', 'gpus']), numberField('Nodes', ['resources', 'nodes'])),
      ),
    );
  }
  root.replaceChildren(...body.filter((e): e is HTMLElement => e !== undefined));
  if (focusedKey) (root.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`) as HTMLElement | null)?.focus();
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseComposerToWebview(event.data);
  if (!msg) return; // not ours or malformed
  if (msg.type === 'error') {
    lastError = msg.message;
    if (state) render(state);
    return;
  }
  lastError = undefined;
  state = msg.state;
  render(state);
});

send({ type: 'ready' });
