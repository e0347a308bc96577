/**
 * Local models (core/models/local.ts): a models folder and a Hugging Face cache written here, with
 * tiny safetensors files (header + zero bytes), are scanned into model type, exact parameter count
 * and formulations; the cache resolves hub ids through refs/main; IntelliSense offers them for
 * backbone.path and backbone.id, the composer lists them as backbone choices, and the cost estimate
 * counts a cached model from its header (and says "unknown (no local weights)" without one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedModelDir, hubCacheDir, modelPathValue, readModelDirectory, scanLocalModels } from '../../extension/core/models/local';
import { readSafetensorsHeader, SafetensorsError } from '../../extension/core/models/safetensors';
import { modelCandidates, pathCandidates, pathContext } from '../../extension/vscode/language/completions';
import { composerState } from '../../extension/vscode/composer/model';
import { specCheckerFor } from '../../extension/vscode/composer/checker';
import { estimateCost, unknownCost } from '../../extension/core/spec';

type Shapes = Record<string, number[]>;

/** A .safetensors file: 8-byte little-endian header length, the JSON header, then the (zero) data. */
function writeSafetensors(file: string, shapes: Shapes): void {
  let offset = 0;
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  for (const [name, shape] of Object.entries(shapes)) {
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(file, Buffer.concat([len, json, Buffer.alloc(offset)]));
}

// A LLaVA-shaped model: vision tower, projector, language model (hidden 8, vocabulary 50), LM head.
const LLAVA: Shapes = {
  'vision_tower.vision_model.embeddings.patch_embedding.weight': [8, 3, 4, 4],
  'vision_tower.vision_model.encoder.layers.0.self_attn.q_proj.weight': [8, 8],
  'vision_tower.vision_model.encoder.layers.0.self_attn.q_proj.bias': [8],
  'multi_modal_projector.linear_1.weight': [8, 8],
  'language_model.model.embed_tokens.weight': [50, 8],
  'language_model.model.layers.0.self_attn.q_proj.weight': [8, 8],
  'language_model.model.layers.0.mlp.up_proj.weight': [16, 8],
  'language_model.model.norm.weight': [8],
  'language_model.lm_head.weight': [50, 8],
};
const LLAVA_PARAMS = 384 + 64 + 8 + 64 + 400 + 64 + 128 + 8 + 400;

function model(dir: string, modelType: string, shapes: Shapes | undefined, config: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ model_type: modelType, architectures: ['LlavaForConditionalGeneration'], ...config }),
  );
  if (shapes) writeSafetensors(join(dir, 'model.safetensors'), shapes);
  return dir;
}

function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'vla-models-'));
  const home = join(root, 'home');
  const models = join(home, 'models');
  model(join(models, 'tiny-llava'), 'llava', LLAVA, {
    text_config: { num_hidden_layers: 1 },
    vision_config: { image_size: 16, patch_size: 4 },
  });
  model(join(models, 'org', 'tiny-bert'), 'bert', { 'embeddings.word_embeddings.weight': [10, 4] });
  model(join(models, 'no-weights'), 'llava', undefined);
  mkdirSync(join(models, 'broken'));
  writeFileSync(join(models, 'broken', 'config.json'), '{"model_type": "llava"}');
  writeFileSync(join(models, 'broken', 'model.safetensors'), Buffer.from([255, 255, 255, 255, 255, 255, 255, 127, 1]));
  // a sharded model: the index names two shard files
  const sharded = model(join(models, 'sharded'), 'qwen2_vl', undefined);
  const names = Object.keys(LLAVA);
  writeSafetensors(join(sharded, 'model-00001-of-00002.safetensors'), Object.fromEntries(names.slice(0, 4).map((n) => [n, LLAVA[n]])));
  writeSafetensors(join(sharded, 'model-00002-of-00002.safetensors'), Object.fromEntries(names.slice(4).map((n) => [n, LLAVA[n]])));
  writeFileSync(
    join(sharded, 'model.safetensors.index.json'),
    JSON.stringify({
      weight_map: Object.fromEntries(
        names.map((n, i) => [n, i < 4 ? 'model-00001-of-00002.safetensors' : 'model-00002-of-00002.safetensors']),
      ),
    }),
  );
  // the Hugging Face cache: models--org--name/{refs/main, snapshots/<rev>/}; refs/main picks the revision
  const cache = join(root, 'hf', 'hub');
  const repo = join(cache, 'models--acme--tiny-vlm');
  model(join(repo, 'snapshots', 'aaaaaaa'), 'idefics3', { 'model.text_model.embed_tokens.weight': [20, 4] });
  model(join(repo, 'snapshots', 'bbbbbbb'), 'idefics3', { ...LLAVA, 'model.text_model.embed_tokens.weight': [20, 4] });
  mkdirSync(join(repo, 'refs'));
  writeFileSync(join(repo, 'refs', 'main'), 'aaaaaaa\n');
  return { root, home, models, cache, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

test('the models folder and the Hugging Face cache are scanned: type, exact parameters, formulations', () => {
  const f = fixture();
  try {
    const found = scanLocalModels({ modelsPath: '~/models', home: f.home, env: { HF_HUB_CACHE: f.cache } });
    const by = Object.fromEntries(found.map((m) => [m.name, m]));
    assert.deepEqual(
      found.map((m) => m.name),
      ['org/tiny-bert', 'sharded', 'tiny-llava', 'acme/tiny-vlm'],
      'no weights and a broken header are not models',
    );
    assert.equal(by['tiny-llava'].params, LLAVA_PARAMS);
    assert.equal(by['tiny-llava'].modelType, 'llava');
    assert.equal(by['tiny-llava'].architecture, 'LlavaForConditionalGeneration');
    assert.deepEqual(by['tiny-llava'].formulations, ['one-step', 'interleaved', 'policy-head']);
    assert.equal(by.sharded.params, LLAVA_PARAMS, 'every shard the index names is counted');
    assert.deepEqual(by['org/tiny-bert'].formulations, [], 'a model type the hf: backbone cannot load trains nothing');
    assert.equal(by['acme/tiny-vlm'].source, 'hf-cache');
    assert.equal(by['acme/tiny-vlm'].params, 80, 'the snapshot refs/main names, not the other one');
  } finally {
    f.cleanup();
  }
});

test('the cache directory follows HF_HUB_CACHE, then HF_HOME, then ~/.cache; hub ids resolve to their snapshot', () => {
  const f = fixture();
  try {
    assert.equal(hubCacheDir({ HF_HUB_CACHE: '/c', HF_HOME: '/h' }, '/u'), '/c');
    assert.equal(hubCacheDir({ HF_HOME: '/h' }, '/u'), join('/h', 'hub'));
    assert.equal(hubCacheDir({}, '/u'), join('/u', '.cache', 'huggingface', 'hub'));
    assert.equal(cachedModelDir('acme/tiny-vlm', f.cache), join(f.cache, 'models--acme--tiny-vlm', 'snapshots', 'aaaaaaa'));
    assert.equal(cachedModelDir('acme/absent', f.cache), undefined);
    assert.equal(cachedModelDir('../../etc', f.cache), undefined, 'an id cannot climb out of the cache');
  } finally {
    f.cleanup();
  }
});

test('a damaged safetensors file is one clear error, and a model directory with one is not a model', () => {
  const f = fixture();
  try {
    assert.throws(
      () => readSafetensorsHeader(join(f.models, 'broken', 'model.safetensors')),
      (e: Error) => e instanceof SafetensorsError && /not a safetensors file/.test(e.message) && !e.message.includes('\n'),
    );
    assert.equal(readModelDirectory(join(f.models, 'broken')), undefined);
  } finally {
    f.cleanup();
  }
});

test('IntelliSense offers local models for backbone.path and backbone.id "hf:…"', () => {
  const f = fixture();
  try {
    const found = scanLocalModels({ modelsPath: join(f.models), home: f.home, env: { HF_HUB_CACHE: f.cache } });
    const pathText = '{ "backbone": { "id": "hf:x", "path": "" } }';
    const pathCtx = pathContext(pathText, pathText.indexOf('""') + 1)!;
    assert.equal(pathCtx.kind, 'backbone-path');
    const paths = modelCandidates(pathCtx, found, f.home);
    assert.ok(
      paths.some(
        (c) => c.value === '~/models/tiny-llava' && /^llava · 1\.52K parameters · one-step, interleaved, policy-head$/.test(c.detail!),
      ),
      JSON.stringify(paths),
    );
    const idText = '{ "backbone": { "id": "hf:" } }';
    const idCtx = pathContext(idText, idText.indexOf('hf:"') + 3)!;
    assert.deepEqual({ kind: idCtx.kind, typed: idCtx.typed }, { kind: 'hf-id', typed: 'hf:' });
    const ids = modelCandidates(idCtx, found, f.home).map((c) => c.value);
    assert.ok(ids.includes('hf:~/models/tiny-llava') && ids.includes('hf:acme/tiny-vlm'), ids.join(', '));
    assert.deepEqual(pathCandidates(idCtx, f.root), [], 'an id is not a folder listing');
    const typed = '{ "backbone": { "id": "hf:acme" } }';
    assert.deepEqual(
      modelCandidates(pathContext(typed, typed.indexOf('acme"') + 4)!, found, f.home).map((c) => c.value),
      ['hf:acme/tiny-vlm'],
    );
    assert.equal(modelPathValue('/elsewhere/m', f.home), '/elsewhere/m');
  } finally {
    f.cleanup();
  }
});

test('the composer lists local models as backbone choices and counts a cached model exactly', () => {
  const f = fixture();
  try {
    const found = scanLocalModels({ modelsPath: f.models, home: f.home, env: { HF_HUB_CACHE: f.cache } });
    const spec = {
      name: 'local',
      backbone: { id: 'tiny-prefix', size: 'nano', path: '/old/weights' },
      policy: { formulation: 'policy-head', head: { type: 'mlp', hidden: 4, layers: 1 } },
      data: { stages: [{ datasets: [{ type: 'playtable' }], steps: 1 }] },
    };
    const state = composerState(
      JSON.stringify(spec),
      specCheckerFor(f.root, () => found),
    );
    const options = state.choices['backbone.id'].options;
    const llava = options.find((o) => o.value === modelPathValue(join(f.models, 'tiny-llava')).replace(/^/, 'hf:'))!;
    assert.ok(llava && !llava.disabled && llava.description!.includes('llava · 1.52K parameters'), JSON.stringify(options.slice(-4)));
    const bert = options.find((o) => o.value.endsWith('tiny-bert'))!;
    assert.ok(bert.disabled && /bert is not a model type/.test(bert.reason!));
    // the cost of an hf: spec naming the llava: exact from its header (model + LoRA + the [ACT] row + the head)
    const hf = {
      ...spec,
      backbone: {
        id: `hf:${join(f.models, 'tiny-llava')}`,
        train: { vision: false },
        lora: { enabled: true, r: 2, target_modules: ['q_proj'] },
      },
    };
    const est = estimateCost(hf)!;
    const lora = 2 * (8 + 8); // one q_proj (8×8) in the language model
    assert.ok(est.exact && est.hf!.lora === lora);
    assert.equal(est.params.total, LLAVA_PARAMS + lora + 8 + est.params.head);
    assert.equal(
      est.params.trainable,
      est.params.total - (384 + 64 + 8) - (64 + 128 + 8) - 50 * 8,
      'the vision tower, the adapted language weights and the LM head (it trains with the language model) are frozen',
    );
    // a hub id found in the cache is counted too; an absent one is unknown, not guessed
    const cached = { ...spec, backbone: { id: 'hf:acme/tiny-vlm' } };
    assert.equal(estimateCost(cached, undefined, { hubCache: f.cache })!.hf!.parts.word_embedding, 80);
    assert.equal(estimateCost({ ...spec, backbone: { id: 'hf:acme/absent' } }, undefined, { hubCache: f.cache }), undefined);
    assert.equal(unknownCost({ ...spec, backbone: { id: 'hf:acme/absent' } }, { hubCache: f.cache }), 'unknown (no local weights)');
    assert.match(
      unknownCost({ ...spec, backbone: { id: 'hf:x', path: join(f.models, 'no-weights') } })!,
      /^unknown \(no local weights: .*no-weights has no config\.json with safetensors weights\)$/,
    );
    assert.equal(unknownCost(spec), undefined, 'a built-in backbone is never unknown');
  } finally {
    f.cleanup();
  }
});
