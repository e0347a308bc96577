// Generates docs/spec.md — the reference of every *.vla.json field (path, type, default, allowed
// values with their descriptions) and of the semantic rules — from schemas/experiment.schema.json
// and extension/core/spec/rules. test/unit/schemas.test.ts fails when the file is stale.
// Usage: node scripts/gen-spec-docs.mjs
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function resolveRef(schema, s) {
  let cur = s;
  for (let i = 0; cur && typeof cur.$ref === 'string' && i < 16; i++) {
    cur = cur.$ref
      .slice(2)
      .split('/')
      .reduce((o, k) => o?.[k], schema);
  }
  return cur;
}

const code = (v) => '`' + JSON.stringify(v) + '`';
const oneLine = (s) =>
  String(s)
    .replace(/\s*\n\s*/g, ' ')
    .trim();

function typeOf(schema, s) {
  if (Array.isArray(s.enum)) return 'one of the values below';
  if (s.anyOf) return s.anyOf.map((b) => typeOf(schema, resolveRef(schema, b))).join(', or ');
  if (s.type === 'array') {
    const items = resolveRef(schema, s.items ?? {});
    return items
      ? `array of ${Array.isArray(items.enum) ? 'values below' : items.type === 'object' ? 'objects' : (items.type ?? 'values')}`
      : 'array';
  }
  if (s.type === 'object') return 'object';
  if (s.type === 'string' && s.pattern) return `string matching \`${s.pattern}\``;
  return s.type ?? 'any';
}

function constraints(s) {
  const out = [];
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) out.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) out.push(`< ${s.exclusiveMaximum}`);
  if (s.minItems !== undefined) out.push(`at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`);
  if (s.uniqueItems) out.push('no duplicates');
  if (s.minLength !== undefined && s.minLength > 0) out.push(`length ≥ ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`length ≤ ${s.maxLength}`);
  if (s.minProperties !== undefined) out.push(`at least ${s.minProperties} entr${s.minProperties === 1 ? 'y' : 'ies'}`);
  return out;
}

function enumLines(schema, s) {
  const e = Array.isArray(s.enum)
    ? s
    : (s.anyOf?.map((b) => resolveRef(schema, b)).find((b) => Array.isArray(b?.enum)) ??
      (s.type === 'array' ? resolveRef(schema, s.items) : undefined));
  if (!e || !Array.isArray(e.enum)) return [];
  const docs = e.markdownEnumDescriptions ?? e.enumDescriptions ?? [];
  if (e.enum.length > 12 && !docs.length) return [`- Allowed values: ${e.enum.map(code).join(', ')}`];
  return ['- Allowed values:', ...e.enum.map((v, i) => `  - ${code(v)}${docs[i] ? ` — ${oneLine(docs[i])}` : ''}`)];
}

function fields(schema) {
  const out = [];
  const walk = (s, path, required, depth) => {
    if (!s || depth > 8) return;
    const props = s.properties ?? {};
    for (const [key, raw] of Object.entries(props)) {
      const sub = resolveRef(schema, raw);
      const p = path ? `${path}.${key}` : key;
      out.push({ path: p, schema: sub, required: (s.required ?? []).includes(key) });
      if (sub.type === 'object' || sub.properties) walk(sub, p, sub.required, depth + 1);
      if (sub.type === 'array') {
        const items = resolveRef(schema, sub.items);
        if (items?.properties) walk(items, `${p}[]`, items.required, depth + 1);
      }
    }
  };
  walk(schema, '', schema.required, 0);
  return out;
}

export async function generateSpecDocs() {
  const schema = JSON.parse(readFileSync(join(root, 'schemas/experiment.schema.json'), 'utf8'));
  // The rules are TypeScript (CommonJS): load them through tsx's require hook.
  const require = createRequire(import.meta.url);
  const tsx = require('tsx/cjs/api');
  const unregister = tsx.register();
  let rules;
  try {
    ({ RULES: rules } = require(join(root, 'extension/core/spec/rules/index.ts')));
  } finally {
    unregister?.();
  }
  const lines = [
    '# Experiment spec reference (`*.vla.json`)',
    '',
    '<!-- Generated from schemas/experiment.schema.json and extension/core/spec/rules by scripts/gen-spec-docs.mjs. Do not edit: run `node scripts/gen-spec-docs.mjs`. -->',
    '',
    oneLine(schema.description),
    '',
    'Validate a spec with `vla-lab validate <file>`; list the points of a sweep with `vla-lab expand <file>`; print the schema with `vla-lab schema experiment`.',
    "Paths inside a spec are relative to the spec file. Defaults are what `resolveSpec` fills in (the run's `spec.json`).",
    '',
    '## Fields',
    '',
  ];
  for (const f of fields(schema)) {
    const s = f.schema;
    lines.push(`### \`${f.path}\``, '');
    const meta = [`Type: ${typeOf(schema, s)}`];
    if (f.required) meta.push('**required**');
    if (s.default !== undefined) meta.push(`default ${code(s.default)}`);
    const c = constraints(s);
    if (c.length) meta.push(c.join(', '));
    lines.push(`- ${meta.join(' · ')}`);
    const desc = s.markdownDescription ?? s.description;
    if (desc) lines.push(`- ${oneLine(desc)}`);
    if (s.patternErrorMessage) lines.push(`- ${oneLine(s.patternErrorMessage)}`);
    lines.push(...enumLines(schema, s), '');
  }
  lines.push(
    '## Semantic rules',
    '',
    'Checks beyond the schema (`vla-lab validate` reports them with these codes). Errors fail validation; warnings and infos do not.',
    '',
    '| Code | Severity | What it checks |',
    '|---|---|---|',
  );
  for (const r of rules) lines.push(`| \`${r.code}\` | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} |`);
  const catalog = JSON.parse(readFileSync(join(root, 'schemas/builtin-models.json'), 'utf8'));
  const presets = Object.entries(catalog.sizes)
    .filter(([k]) => !k.startsWith('$'))
    .map(([k, p]) => `${k} ${p.width} wide, ${p.vision_layers} + ${p.language_layers} blocks`)
    .join('; ');
  lines.push(
    '',
    '## `hf:` backbones (built-in trainer)',
    '',
    'A Hugging Face VLM as the backbone: LLaVA, PaliGemma, Qwen2-VL / Qwen2.5-VL, Idefics3 / SmolVLM and Kosmos-2 (all decoder-only: every formulation, continuous or discrete actions). python/vlalab/policy/backbones/hf.py.',
    '',
    '- **Loading**: from `backbone.path`, else the id after `hf:` as a local directory or a model already in the local Hugging Face cache. Nothing is ever downloaded; a missing directory or weights is one error line. `backbone.init: "random"` builds the architecture from its `config.json` with random weights, and says so.',
    "- **Processor**: frames are resized and normalised as the model's own image processor says (its saved mean, std and size, applied in torch), each frame becomes the image-token block its processor writes (e.g. `<|vision_start|>` … `<|vision_end|>`), instructions are its tokenizer's ids and BOS goes where its processor puts it. test/python/test_hf_backbone.py checks the features equal the model's own from its processor's output; test/python/test_hf_image_resize.py does the same for frames at other sizes (the resize is PIL's own filter, bilinear, bicubic or Lanczos, pixel for pixel).",
    "- **Training**: `backbone.train.vision` / `language` / `text_embedding` freeze parts (the projector and the [ACT]/action tokens always train); `backbone.lora` adds peft LoRA adapters to `towers` (`language`, `vision` or `both`; `target_modules` names the linear layers, default all) and freezes those towers' own weights; `train.gradient_checkpointing` and `train.autocast` (`bf16`/`fp16`) trade compute for memory; `feature_layer` picks the hidden state the head reads. Discrete action bins are new tokens after the model's vocabulary, their embeddings tied to their LM-head rows.",
    '',
    'For example, LoRA on the language model of a local LLaVA, vision tower frozen:',
    '',
    '```json',
    JSON.stringify(
      {
        backbone: {
          id: 'hf:llava-hf/llava-interleave-qwen-0.5b-hf',
          path: 'models/llava-0.5b',
          train: { vision: false, gradient_checkpointing: true, autocast: 'bf16' },
          lora: { enabled: true, r: 16, alpha: 32, towers: 'language', target_modules: ['q_proj', 'v_proj'] },
        },
      },
      null,
      2,
    ),
    '```',
  );
  lines.push(
    '',
    '## Cost estimate',
    '',
    '`estimateCost(spec)` (extension/core/spec/cost.ts, shown by the composer) gives the parameter count and training memory per process:',
    '',
    `- parameters of built-in backbones and of every action head are **counted exactly**, layer by layer, from the catalogue the trainer builds them from (schemas/builtin-models.json — presets: ${presets}); test/python/test_cost_model.py compares them with the real policies. The word embedding assumes Playtable's ${catalog.word_vocabulary.playtable_all_tasks}-word vocabulary (all tasks; a run on fewer tasks has a few words less). RoboVLMs backbones are their published sizes;`,
    "- `hf:` backbones are **counted exactly** from the local model directory (`backbone.path`, a local `hf:` path, or the hub id's snapshot in the Hugging Face cache): the safetensors headers (`model.safetensors` or the shards of `model.safetensors.index.json`) give every tensor's shape, split into vision tower, language model, projector, word embedding and LM head by name; trainable follows `backbone.train` and `backbone.lora` as the trainer applies them, plus LoRA adapters (r × (in + out) per adapted linear layer) and the [ACT]/bin token rows (extension/core/models/hf-params.ts; test/python/test_hf_cost_model.py compares five tiny families with the real policies). Without local weights the size is **unknown (no local weights)**, never guessed;",
    '- trainable = every parameter for built-in backbones (the built-in trainer trains them all); for RoboVLMs backbones, minus frozen parts (`backbone.train.*` false: vision ≈ 15%, language ≈ 80%, text embedding ≈ 5%), or with LoRA only the adapters (2·r·hidden per q/k/v/o projection and layer);',
    '- memory = 4 B × parameters (fp32 weights; autocast keeps them fp32) + 4 B × trainable (gradients) + optimizer state (AdamW/Adam: 8 B × trainable + a 4 B step counter per parameter tensor; SGD: 4 B × trainable momentum) + activations;',
    '- activations (an **estimate**) = batch × T × hidden × layers × 16 × b + batch × passes × heads × L² × layers × b, with b = 2 bytes in bf16/fp16 (4 in fp32), T the tokens per sample through the backbone (tokens per step × history), L the longest sequence (the whole window for interleaved, one step otherwise) and heads = hidden / 64;',
    "- with `action.knowledge_insulation` the backbone runs twice per step: the expert's pass without a graph (only one layer's activations at a time: the terms above ÷ layers), then the token pass, whose activations are kept — the terms above over one frame, the instruction, [ACT] and up to chunk × dim FAST tokens — plus its LM head's logits over the whole vocabulary (batch × (chunk × dim + 1) × vocabulary rows × 4 B); the passes do not overlap, so the larger of the two counts. test/python/test_cost_model.py checks against the tensors autograd keeps that, with insulation, they stay flat as the history grows while without it they grow. The token pass also counts towards a built-in backbone's learned positions (`spec/sequence-exceeds-positions`).",
    '',
    'Schema problems are reported as `schema/<keyword>` (e.g. `schema/enum`, `schema/required`, `schema/additionalProperties`), invalid JSON as `json/parse`, duplicate keys as `json/duplicate-key`, and a sweep with invalid points as the info `spec/sweep-invalid-points`.',
    '',
  );
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(root, 'docs/spec.md'), await generateSpecDocs());
  console.log('docs/spec.md');
}
