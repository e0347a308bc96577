// Runs an ONNX model with onnxruntime-node on inputs stored as JSON by a Python test and prints
// the outputs as JSON: {"inputs": {name: {dtype, dims, data}}} → {name: {dims, data}}.
const ort = require(process.argv[2]);
const fs = require('fs');
(async () => {
  const spec = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
  const session = await ort.InferenceSession.create(process.argv[3]);
  const feeds = {};
  for (const [name, t] of Object.entries(spec.inputs)) {
    const data = t.dtype === 'int64' ? BigInt64Array.from(t.data.map((v) => BigInt(v))) : Float32Array.from(t.data);
    feeds[name] = new ort.Tensor(t.dtype, data, t.dims);
  }
  const out = await session.run(feeds);
  const res = {};
  for (const [name, t] of Object.entries(out)) res[name] = { dims: t.dims, data: Array.from(t.data, Number) };
  process.stdout.write(JSON.stringify(res));
})().catch((e) => { process.stderr.write(String(e) + '\n'); process.exit(1); });
