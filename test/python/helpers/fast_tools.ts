/**
 * The TypeScript side of test/python/test_fast_actions.py: reads {"tokenizer": path to
 * action-tokenizer.json, "sequences": [[id…]…], "probe": {dir, image: {data, height, width},
 * instruction}} on stdin and prints what the probe's FAST decoder (extension/core/probe/fast.ts)
 * and, for "probe", the whole probe (LoadedPolicy: policy.json + policy.onnx in onnxruntime-node)
 * answer, as JSON. Run as `node --import tsx test/python/helpers/fast_tools.ts`.
 */
import { readFileSync } from 'node:fs';
import { decodeFast, readFastTokenizer } from '../../../extension/core/probe/fast';
import { LoadedPolicy } from '../../../extension/core/probe/policy';

interface Request {
  tokenizer?: string;
  sequences?: number[][];
  probe?: { dir: string; image: { data: number[]; height: number; width: number }; instruction: string };
}

(async () => {
  const input = JSON.parse(readFileSync(0, 'utf8')) as Request;
  const out: Record<string, unknown> = {};
  if (input.tokenizer) {
    const tok = readFastTokenizer(input.tokenizer);
    out.decoded = (input.sequences ?? []).map((s) => decodeFast(tok, s));
  }
  if (input.probe) {
    const policy = await LoadedPolicy.open(input.probe.dir);
    const { image } = input.probe;
    const step = policy.prepare({ rgb: { static: { data: image.data, height: image.height, width: image.width, channels: 3 } } });
    out.probe = { chunk: (await policy.predict([step], input.probe.instruction)).chunk };
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e: unknown) => {
  process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
  process.exit(1);
});
