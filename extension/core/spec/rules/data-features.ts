/**
 * LeRobot / RLDS data sources checked against their dataset's metadata (core/spec/dataset-features.ts):
 * every feature the trainer will read — mapped in `features` or by its default name — must exist and
 * be of the right kind, the actions' width must be action.dim, and the cameras should hold square RGB
 * images. Skipped when the metadata cannot be read (spec/path-not-found and the preflight say why).
 */
import { METADATA_FILES, closest, featureCandidates, fits, imageShape, mappedFeatures, readDatasetMetadata } from '../dataset-features';
import type { FixSpec } from '../parse';
import { specPath, type Rule, type RuleFinding, type SpecContext, type SpecView } from './engine';

/** The spec's LeRobot / RLDS sources whose dataset metadata can be read, each with that metadata. */
function* robotDatasets(s: SpecView, ctx: SpecContext) {
  if (!ctx.readText) return;
  const reader = { readText: ctx.readText, listDir: ctx.listDir };
  for (const d of s.datasets()) {
    const type = d.value.type;
    if ((type !== 'lerobot' && type !== 'rlds') || typeof d.value.path !== 'string') continue;
    const meta = readDatasetMetadata(type, specPath(ctx, d.value.path), reader);
    if (meta) yield { d, type: type as 'lerobot' | 'rlds', meta };
  }
}

const ROLE_WORDS: Record<string, string> = {
  camera: 'camera',
  actions: 'actions',
  state: 'state',
  instruction: 'instruction',
  task: 'task',
};

export const dataFeatureRules: Rule[] = [
  {
    code: 'spec/dataset-feature-unknown',
    severity: 'error',
    summary: `A LeRobot or RLDS data source maps (or by default reads) a feature its dataset's metadata (${METADATA_FILES.lerobot}, features.json) does not have, or one of the wrong kind; quick fixes offer the closest names it has.`,
    check(s, ctx) {
      const cameras = s.arr('/observation/cameras').filter((c): c is string => typeof c === 'string');
      const out: RuleFinding[] = [];
      for (const { d, type, meta } of robotDatasets(s, ctx)) {
        const byName = new Map(meta.features.map((f) => [f.name, f]));
        for (const m of mappedFeatures(type, d.value.features as Record<string, any> | undefined, cameras)) {
          const f = byName.get(m.name);
          const what = m.role === 'camera' ? `camera ${m.camera}` : ROLE_WORDS[m.role];
          if (f && fits(f, m.role, type)) continue;
          if (!f && type === 'lerobot' && m.role === 'instruction') continue; // a string column of the data: not in info.json's features
          const candidates = closest(
            m.name,
            featureCandidates(meta, m.role).map((c) => c.name),
          ).filter((n) => n !== m.name);
          const fixes: FixSpec[] = candidates.slice(0, 3).map((n, i) => ({
            title: `Map ${what} to "${n}"`,
            ops: [{ op: 'set', pointer: `${d.pointer}${m.key}`, value: n }],
            ...(i === 0 ? { preferred: true } : {}),
          }));
          const suggestion = candidates.length
            ? ` Did you mean "${candidates[0]}"?`
            : ` It has no ${m.role === 'camera' ? (type === 'rlds' ? 'image' : 'video') : 'fitting'} feature.`;
          const problem = f
            ? `"${m.name}" is a ${f.kind}${f.dtype ? ` (${f.dtype})` : ''} feature, not what the ${what} needs`
            : `${meta.file} has no feature "${m.name}"`;
          out.push({
            pointer: m.mapped ? `${d.pointer}${m.key}` : `${d.pointer}/path`,
            message: `${problem} (${m.mapped ? '' : 'the default name for '}the ${what}).${suggestion}`,
            fixes,
          });
        }
      }
      return out;
    },
  },
  {
    code: 'spec/dataset-action-width',
    severity: 'error',
    summary:
      'The actions feature of a LeRobot or RLDS data source must be action.dim wide (after the rotation conversion its convention declares); the trainer stops otherwise.',
    check(s, ctx) {
      const dim = s.num('/action/dim') ?? 7;
      const out: RuleFinding[] = [];
      const widths: Record<string, number> = { euler_xyz: 3, axis_angle: 3, quaternion_xyzw: 4, none: 0 };
      const target = (s.obj('/action/convention')?.rotation as string | undefined) ?? 'euler_xyz';
      for (const { d, type, meta } of robotDatasets(s, ctx)) {
        const names = mappedFeatures(type, d.value.features as Record<string, any> | undefined, [])
          .filter((m) => m.role === 'actions')
          .map((m) => m.name);
        const found = names.map((n) => meta.features.find((x) => x.name === n));
        if (!names.length || found.some((f) => !f || !f.shape)) continue; // an absent feature is spec/dataset-feature-unknown's
        let width = found.reduce((sum, f) => sum + f!.shape!.reduce((a, b) => a * b, 1), 0);
        const name = names.join('", "');
        const conv = d.value.convention as Record<string, unknown> | undefined;
        if (conv?.convert === true && typeof conv.rotation === 'string' && conv.rotation in widths)
          width += widths[target] - widths[conv.rotation];
        if (width !== dim) {
          out.push({
            pointer: `${d.pointer}/path`,
            message: `The actions of this ${type === 'rlds' ? 'RLDS' : 'LeRobot'} dataset ("${name}") are ${width} wide, action.dim is ${dim}: map another feature, declare a convention that converts it, or set action.dim.`,
            fixes: [{ title: `Set action.dim to ${width}`, ops: [{ op: 'set', pointer: '/action/dim', value: width }] }],
          });
        }
      }
      return out;
    },
  },
  {
    code: 'spec/dataset-image-shape',
    severity: 'warning',
    summary:
      'A camera mapped from a LeRobot or RLDS dataset should hold square RGB images: the trainer converts other channel counts to RGB (a depth or grayscale feature mapped by mistake trains on the wrong signal) and resizes every frame to observation.image_size square, stretching non-square ones; quick fixes map an RGB feature instead.',
    check(s, ctx) {
      const cameras = s.arr('/observation/cameras').filter((c): c is string => typeof c === 'string');
      const size = s.num('/observation/image_size');
      const out: RuleFinding[] = [];
      for (const { d, type, meta } of robotDatasets(s, ctx)) {
        for (const m of mappedFeatures(type, d.value.features as Record<string, any> | undefined, cameras)) {
          const f = meta.features.find((x) => x.name === m.name);
          const shape = m.role === 'camera' && f && fits(f, 'camera', type) ? imageShape(f) : undefined;
          if (!shape) continue; // absent, of the wrong kind (spec/dataset-feature-unknown) or of unknown shape
          const pointer = m.mapped ? `${d.pointer}${m.key}` : `${d.pointer}/path`;
          if (shape.channels !== 3) {
            const rgb = featureCandidates(meta, 'camera')
              .filter((c) => c.name !== m.name && imageShape(c)?.channels === 3)
              .map((c) => c.name);
            const ranked = closest(m.name, rgb);
            const fixes: FixSpec[] = ranked.slice(0, 3).map((n, i) => ({
              title: `Map camera ${m.camera} to "${n}" (RGB)`,
              ops: [{ op: 'set', pointer: `${d.pointer}${m.key}`, value: n }],
              ...(i === 0 ? { preferred: true } : {}),
            }));
            out.push({
              pointer,
              message: `Camera ${m.camera} reads "${m.name}", which has ${shape.channels} channel${shape.channels === 1 ? '' : 's'}; the policy's cameras are RGB (3), so the trainer would convert it (a depth or grayscale image is rarely what a camera should show).${
                ranked.length ? ` Map an RGB feature such as "${ranked[0]}".` : ''
              }`,
              fixes,
            });
          }
          if (shape.height !== shape.width) {
            out.push({
              pointer,
              message: `Camera ${m.camera} reads "${m.name}", whose images are ${shape.width}×${shape.height} (width × height), not square: the trainer resizes every frame to ${
                size ?? 'observation.image_size'
              }${size ? `×${size}` : ' square'}, stretching it ${(Math.max(shape.width, shape.height) / Math.min(shape.width, shape.height)).toFixed(2)}× along its ${
                shape.width < shape.height ? 'width' : 'height'
              }. Crop the dataset's images square if the policy should see undistorted shapes.`,
            });
          }
        }
      }
      return out;
    },
  },
];
