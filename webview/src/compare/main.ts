/**
 * The Compare runs webview: the spec fields where the runs differ, side by side, and their metrics
 * (final losses, average length, success) with the best value of each row marked.
 */
import '../ui/panel.css';
import { validateCompareToWebview, type CompareToExtension, type CompareToWebview } from '../../../extension/shared/messages/results';
import { readableText } from '../ui/color';
import { clear, h, vscodeApi } from '../ui/dom';
import { onThemeChange, readTheme } from '../ui/theme';
import { bestIndex, formatMetric } from './model';

const vscode = vscodeApi();
const send = (m: CompareToExtension) => vscode.postMessage(m);
const root = document.getElementById('compare') as HTMLElement;
let current: CompareToWebview | undefined;

function render(): void {
  const s = current;
  if (!s) return;
  // The best value stands out in the theme's green where that green reads well on the page
  // (4.5:1), else in the text colour (it is bold and says "best" to screen readers either way).
  const theme = readTheme();
  const bestColor = readableText(theme.background, [theme.series[2], theme.foreground]);
  clear(root);
  root.removeAttribute('aria-busy');
  const labels = s.runs.map((r) => (new Set(s.runs.map((x) => x.experiment)).size > 1 ? `${r.experiment}/${r.id}` : r.id));
  const open = h('button', {}, 'Open curves overlaid');
  open.addEventListener('click', () => send({ type: 'open-results', runs: s.runs.map((r) => r.key) }));
  root.append(h('h1', {}, `Compare ${s.runs.length} runs`), h('div', { class: 'toolbar' }, open));

  const headRow = () =>
    h(
      'tr',
      {},
      h('th', { scope: 'col' }, ''),
      ...labels.map((l, i) => h('th', { scope: 'col' }, l, h('div', { class: 'muted' }, s.runs[i].status))),
    );

  root.append(h('h2', {}, 'Metrics'));
  const mbody = h('tbody');
  for (const row of s.metrics) {
    const best = bestIndex(row);
    mbody.append(
      h(
        'tr',
        {},
        h(
          'th',
          { scope: 'row' },
          row.name,
          h('span', { class: 'muted' }, row.better === 'lower' ? ' (lower is better)' : ' (higher is better)'),
        ),
        ...row.values.map((v, i) => {
          const td = h(
            'td',
            { class: i === best ? 'best' : '' },
            formatMetric(v, row.digits),
            i === best ? h('span', { class: 'visually-hidden' }, ' (best)') : undefined,
          );
          if (i === best) td.style.color = bestColor;
          return td;
        }),
      ),
    );
  }
  root.append(h('table', { 'aria-label': 'Metrics per run' }, h('thead', {}, headRow()), mbody));

  root.append(h('h2', {}, 'Spec differences'));
  if (s.differences.length === 0) {
    root.append(h('p', { class: 'muted' }, `The specs are identical (${s.sameCount} fields).`));
  } else {
    const dbody = h('tbody');
    for (const d of s.differences) {
      dbody.append(h('tr', {}, h('th', { scope: 'row' }, h('code', {}, d.path)), ...d.values.map((v) => h('td', {}, v))));
    }
    root.append(
      h('table', { class: 'diff', 'aria-label': 'Spec fields that differ' }, h('thead', {}, headRow()), dbody),
      h('p', { class: 'muted' }, `${s.sameCount} other fields are the same in every run.`),
    );
  }
  // Next to the config: what the runs were made of (manifest.json), where it differs.
  if (!s.manifestDifferences) return;
  root.append(h('h2', {}, 'Manifest differences'));
  if (s.manifestDifferences.length === 0) {
    root.append(
      h(
        'p',
        { class: 'muted' },
        `The manifests agree: code, packages, data and benchmark hashes, seeds, hardware (${s.manifestSameCount ?? 0} facts).`,
      ),
    );
    return;
  }
  const mdbody = h('tbody');
  for (const d of s.manifestDifferences) {
    mdbody.append(h('tr', {}, h('th', { scope: 'row' }, d.path), ...d.values.map((v) => h('td', {}, v))));
  }
  root.append(
    h('table', { class: 'diff', 'aria-label': 'Manifest facts that differ' }, h('thead', {}, headRow()), mdbody),
    h('p', { class: 'muted' }, `${s.manifestSameCount ?? 0} other facts are the same in every run.`),
  );
}

window.addEventListener('message', (event: MessageEvent) => {
  const checked = validateCompareToWebview(event.data);
  if (!checked.ok) {
    console.warn(`VLA Lab compare: ignored a message (${checked.reason})`);
    return;
  }
  current = checked.message;
  render();
});

onThemeChange(render);

send({ type: 'ready' });
