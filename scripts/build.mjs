// Bundles the extension host code, the CLI and each webview with esbuild.
// `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  // vscode is provided by the editor; onnxruntime-node ships a native addon loaded at run time.
  external: ['vscode', 'onnxruntime-node'],
  // Prefer ES module builds: jsonc-parser's UMD main loads './impl/format' with a dynamic require
  // that esbuild cannot follow, so the bundle would fail with "Cannot find module".
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

const entries = [
  { ...nodeCommon, entryPoints: ['extension/vscode/extension.ts'], outfile: 'dist/extension.js' },
  { ...nodeCommon, entryPoints: ['extension/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...nodeCommon, entryPoints: ['extension/runner-supervisor.ts'], outfile: 'dist/supervisor.js' },
];

// One browser bundle per webview panel: webview/src/<panel>/main.ts -> dist/webview/<panel>.js
const webviewRoot = 'webview/src';
if (existsSync(webviewRoot)) {
  for (const dir of readdirSync(webviewRoot, { withFileTypes: true })) {
    const entry = `${webviewRoot}/${dir.name}/main.ts`;
    if (dir.isDirectory() && existsSync(entry)) {
      entries.push({
        entryPoints: [entry],
        outfile: `dist/webview/${dir.name}.js`,
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        sourcemap: !production,
        minify: production,
        logLevel: 'warning',
      });
    }
  }
}

const present = entries.filter((e) => existsSync(e.entryPoints[0]));
if (watch) {
  for (const e of present) (await esbuild.context(e)).watch();
} else {
  await Promise.all(present.map((e) => esbuild.build(e)));
}
