// A platform-specific .vsix that carries the policy probe's runtime: onnxruntime-node (its JS and the
// native binaries of ONE platform) and onnxruntime-common. `npm run package` builds the generic
// .vsix with --no-dependencies, which has no onnxruntime-node, so the probe cannot run from it.
//
//   node scripts/package-target.mjs [--target linux-x64] [--out dist/vla-lab-<target>.vsix] [--no-check] [--check-run <run dir>]
//
// Everything the bundles need is in dist/ (esbuild); onnxruntime-node is the one external package
// (a native addon). The .vsix's file list is .vscodeignore plus an allow-list, written to a temporary
// ignore file, that lets through only: onnxruntime-node's package.json, dist/*.js and
// bin/napi-v6/<os>/<arch>/ of the target; onnxruntime-common's package.json and dist/cjs/*.js.
// Its install-time dependencies (adm-zip, global-agent: the CUDA download) and other platforms'
// binaries stay out. Then (unless --no-check) the .vsix is unpacked into a temporary folder and its
// own dist/cli.js loads its own onnxruntime-node there, away from this checkout's node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// vsce targets → onnxruntime-node's bin/napi-v6/<platform>/<arch> (what its binding.js requires).
const ORT_DIRS = {
  'linux-x64': 'linux/x64',
  'linux-arm64': 'linux/arm64',
  'darwin-x64': 'darwin/x64',
  'darwin-arm64': 'darwin/arm64',
  'win32-x64': 'win32/x64',
  'win32-arm64': 'win32/arm64',
};

function fail(msg) {
  console.error(`package-target: ${msg}`);
  process.exit(1);
}

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  if (i < 0) return dflt;
  const v = process.argv[i + 1];
  if (!v || v.startsWith('--')) fail(`${name} needs a value`);
  return v;
}

const target = arg('--target', `${process.platform}-${process.arch}`);
const ortDir = ORT_DIRS[target];
if (!ortDir) fail(`onnxruntime-node ships no binaries for '${target}'; use one of ${Object.keys(ORT_DIRS).join(', ')}`);
const out = join(ROOT, arg('--out', `dist/vla-lab-${target}.vsix`));
const ortBin = `node_modules/onnxruntime-node/bin/napi-v6/${ortDir}`;
if (!existsSync(join(ROOT, ortBin, 'onnxruntime_binding.node'))) fail(`${ortBin}/onnxruntime_binding.node is missing; run 'npm ci' first`);
if (!existsSync(join(ROOT, 'node_modules/onnxruntime-common/dist/cjs/index.js')))
  fail("node_modules/onnxruntime-common is missing; run 'npm ci' first");

const allow = [
  '',
  `# package-target.mjs (${target}): the probe's runtime, this platform's binaries only`,
  '!node_modules/onnxruntime-node/package.json',
  '!node_modules/onnxruntime-node/dist/*.js',
  `!${ortBin}/*`,
  '!node_modules/onnxruntime-common/package.json',
  '!node_modules/onnxruntime-common/dist/cjs/**/*.js',
  // {"type": "commonjs"}: without it Node takes dist/cjs/*.js for ES modules (the package is "type": "module")
  '!node_modules/onnxruntime-common/dist/cjs/package.json',
];
// vsce: a file is left out when it matches an ignore line and no '!' line. .vscodeignore may let all
// of onnxruntime-node through ('!node_modules/onnxruntime-node/**', harmless for the generic
// --no-dependencies package); here that line would bring every platform back, so it is dropped.
const base = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
  .split('\n')
  .filter((l) => !/^!node_modules\/onnxruntime-(node|common)\/\*\*$/.test(l.trim()));
const tmp = mkdtempSync(join(tmpdir(), 'vla-lab-package-'));
const ignoreFile = join(tmp, 'vscodeignore');
writeFileSync(ignoreFile, [...base, ...allow, ''].join('\n'));

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: false });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
};
try {
  run(process.execPath, ['scripts/build.mjs', '--production']);
  // With dependencies on, vsce collects node_modules from `npm list --production`; the ignore file
  // keeps only the allow-list above (everything else is bundled into dist/ already).
  run(join(ROOT, 'node_modules', '.bin', 'vsce'), [
    'package',
    '--target',
    target,
    '--ignoreFile',
    ignoreFile,
    '--baseImagesUrl',
    'https://example.invalid/vla-lab/raw/main/',
    '--out',
    out,
  ]);

  const files = unzipSync(new Uint8Array(readFileSync(out)));
  const names = Object.keys(files);
  const ort = names.filter((n) => n.startsWith('extension/node_modules/'));
  const otherPlatforms = ort.filter((n) => n.includes('/bin/napi-v6/') && !n.includes(`/bin/napi-v6/${ortDir}/`));
  const missing = [
    `extension/${ortBin}/onnxruntime_binding.node`,
    'extension/node_modules/onnxruntime-node/dist/index.js',
    'extension/node_modules/onnxruntime-common/dist/cjs/index.js',
    'extension/dist/extension.js',
    'extension/dist/cli.js',
  ].filter((n) => !files[n]);
  const manifest = new TextDecoder().decode(files['extension.vsixmanifest']);
  console.log(
    `${out}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB, ${names.length} files, target ${(/TargetPlatform="([^"]+)"/.exec(manifest) ?? [])[1] ?? '(none)'}`,
  );
  for (const n of ort) console.log(`  ${n.slice('extension/'.length)}  ${(files[n].length / 1024).toFixed(0)} KiB`);
  if (missing.length) fail(`the .vsix lacks ${missing.join(', ')}`);
  if (otherPlatforms.length) fail(`the .vsix carries other platforms' binaries: ${otherPlatforms.join(', ')}`);
  if (!manifest.includes(`TargetPlatform="${target}"`)) fail(`the .vsix manifest does not name the target ${target}`);

  if (target !== `${process.platform}-${process.arch}`) {
    console.log(`not loaded: ${target} is not this machine (${process.platform}-${process.arch})`);
  } else if (!process.argv.includes('--no-check')) {
    // Unpacked, the extension's own CLI must load its own onnxruntime-node (nothing from this checkout).
    const unpacked = join(tmp, 'unpacked');
    for (const [n, data] of Object.entries(files)) {
      if (!n.startsWith('extension/') || n.endsWith('/')) continue;
      const p = join(unpacked, n.slice('extension/'.length));
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, data);
    }
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        "const [root, from] = process.argv.slice(1); const p = require.resolve('onnxruntime-node', { paths: [from] }); " +
          "if (!p.startsWith(root)) { console.error('Error: resolved outside the .vsix: ' + p); process.exit(2); } " +
          "console.log('onnxruntime-node from the .vsix (' + p.slice(root.length + 1) + '): backends ' + require(p).listSupportedBackends().filter((b) => b.bundled).map((b) => b.name).join(', '))",
        unpacked,
        join(unpacked, 'dist'),
      ],
      { cwd: tmp, encoding: 'utf8' },
    );
    if (probe.status !== 0)
      fail(
        `the unpacked .vsix cannot load its onnxruntime-node: ${(probe.stderr || '').split('\n').find((l) => /Error/.test(l)) ?? probe.stderr}`,
      );
    process.stdout.write(probe.stdout);
    const run = arg('--check-run', undefined);
    if (run) {
      // And its CLI probes a real export with it.
      const info = spawnSync(process.execPath, [join(unpacked, 'dist', 'cli.js'), 'probe', 'info', join(ROOT, run)], {
        cwd: tmp,
        encoding: 'utf8',
      });
      if (info.status !== 0)
        fail(`the unpacked .vsix's CLI could not probe ${run}: ${(info.stderr || info.stdout).trim().split('\n').pop()}`);
      console.log(
        `its dist/cli.js probe info ${run}: ${info.stdout
          .split('\n')
          .filter((l) => /^(parameters|provider)/.test(l))
          .join('; ')}`,
      );
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
