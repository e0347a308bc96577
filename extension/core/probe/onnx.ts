/**
 * Loading an exported policy with onnxruntime-node, and reading what the ONNX file itself says.
 *
 * onnxruntime-node is a native addon of ~60 MB: it is required only when a probe actually runs, so
 * neither the extension's activation nor other CLI commands pay for it. The parameter count comes
 * from the model's initializers, read with protobufjs and a minimal subset of onnx.proto (only the
 * fields we need: dims and names; raw tensor bytes are skipped by the decoder, never copied).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import type * as OrtTypes from 'onnxruntime-node';
import { UserError } from '../errors';

export type Ort = typeof OrtTypes;
export type OrtSession = OrtTypes.InferenceSession;
export type OrtTensor = OrtTypes.Tensor;

let ortModule: Ort | undefined;

/** onnxruntime-node, loaded on first use. */
export function loadOrt(): Ort {
  if (!ortModule) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      ortModule = require('onnxruntime-node') as Ort;
    } catch (e) {
      throw new UserError(
        `onnxruntime-node could not be loaded (${(e as Error).message.split('\n')[0]}); reinstall the extension's dependencies with 'npm install'.`,
      );
    }
  }
  return ortModule;
}

export type ExecutionProvider = 'cpu' | 'cuda';

export interface ProviderAvailability {
  provider: ExecutionProvider;
  available: boolean;
  /** Why not, when unavailable. */
  reason?: string;
}

/** onnxruntime-node lists CUDA as a non-bundled backend on Linux x64: its provider library is
 *  downloaded by the package's install script (skipped where the download host is unreachable), next
 *  to the native binding. Present → sessions can ask for the CUDA execution provider. */
function cudaProviderInstalled(): boolean {
  try {
    const bin = path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin');
    const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    return readdirSync(bin).some((napi) => existsSync(path.join(bin, napi, process.platform, process.arch, lib)));
  } catch {
    return false;
  }
}

/** Which execution providers this onnxruntime-node build can use. */
export function executionProviders(): ProviderAvailability[] {
  const backends = loadOrt().listSupportedBackends?.() ?? [{ name: 'cpu', bundled: true }];
  return (['cpu', 'cuda'] as const).map((provider) => {
    const b = backends.find((x) => x.name === provider);
    if (b?.bundled || (b && provider === 'cuda' && cudaProviderInstalled())) return { provider, available: true };
    return {
      provider,
      available: false,
      reason:
        provider === 'cuda' && b
          ? 'CUDA: the CUDA provider library of onnxruntime-node is not installed (npm install onnxruntime-node with its CUDA download enabled, on a machine with CUDA 12)'
          : `${provider.toUpperCase()}: not available in this onnxruntime-node build`,
    };
  });
}

export interface TensorSpec {
  name: string;
  /** onnxruntime's type name: float32, int64, bool, … ('unknown' for non-tensor values). */
  dtype: string;
  /** Fixed sizes as numbers, symbolic (dynamic) dimensions as their names. */
  shape: (number | string)[];
}

export interface OpenedSession {
  session: OrtSession;
  provider: ExecutionProvider;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export interface SessionOptions {
  provider?: ExecutionProvider;
  /** Threads inside one operator (default: onnxruntime's choice). */
  intraOpThreads?: number;
}

function describe(meta: readonly OrtTypes.InferenceSession.ValueMetadata[] | undefined, names: readonly string[]): TensorSpec[] {
  return names.map((name) => {
    const m = meta?.find((x) => x.name === name);
    if (m && m.isTensor) return { name, dtype: m.type, shape: [...m.shape] };
    return { name, dtype: 'unknown', shape: [] };
  });
}

/** Opens an ONNX model; a missing, corrupt or unsupported file is one UserError. */
export async function openSession(modelPath: string, opts: SessionOptions = {}): Promise<OpenedSession> {
  const provider = opts.provider ?? 'cpu';
  const ort = loadOrt();
  const avail = executionProviders().find((p) => p.provider === provider);
  if (!avail?.available) throw new UserError(`${avail?.reason ?? provider}; use the CPU execution provider.`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(modelPath);
  } catch (e) {
    throw new UserError(
      `Cannot read the model ${modelPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Export the run's policy first (vla-lab export <run>).`,
    );
  }
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: [provider],
      graphOptimizationLevel: 'all',
      ...(opts.intraOpThreads ? { intraOpNumThreads: opts.intraOpThreads } : {}),
      logSeverityLevel: 3,
    });
  } catch (e) {
    const why = (e as Error).message.split('\n')[0].slice(0, 300);
    throw new UserError(`${modelPath} is not a valid ONNX model that onnxruntime can load (${why}); re-export the policy.`);
  }
  return {
    session,
    provider,
    inputs: describe(session.inputMetadata, session.inputNames),
    outputs: describe(session.outputMetadata, session.outputNames),
  };
}

// ---- the ONNX protobuf: just enough of onnx.proto to count parameters -------------------------
// Field numbers from onnx/onnx.proto (ModelProto, GraphProto, TensorProto, SparseTensorProto,
// OperatorSetIdProto). Fields absent here (node lists, raw_data, …) are skipped by the decoder.
const ONNX_SUBSET = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        GraphProto: {
          fields: {
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            sparseInitializer: { rule: 'repeated', type: 'SparseTensorProto', id: 15 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 },
          },
        },
        SparseTensorProto: {
          fields: { values: { type: 'TensorProto', id: 1 }, dims: { rule: 'repeated', type: 'int64', id: 3 } },
        },
      },
    },
  },
};

let modelType: protobuf.Type | undefined;
function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_SUBSET).lookupType('onnx.ModelProto');
  return modelType;
}

export interface OnnxFileInfo {
  path: string;
  fileBytes: number;
  irVersion?: number;
  producer?: string;
  opset?: number;
  /** Sum of the element counts of every initializer (weights and constant buffers). */
  parameterCount: number;
  initializerCount: number;
}

interface DecodedTensor {
  dims?: number[];
  name?: string;
}
interface DecodedModel {
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  opsetImport?: { domain?: string; version?: number }[];
  graph?: { initializer?: DecodedTensor[]; sparseInitializer?: { values?: DecodedTensor; dims?: number[] }[] };
}

/** Reads the ONNX file's own description: size, producer, opset, parameter count. */
export function readOnnxFileInfo(modelPath: string): OnnxFileInfo {
  let bytes: Buffer;
  let fileBytes: number;
  try {
    fileBytes = statSync(modelPath).size;
    bytes = readFileSync(modelPath);
  } catch (e) {
    throw new UserError(`Cannot read the model ${modelPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  let model: DecodedModel;
  try {
    const type = onnxModelType();
    model = type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as DecodedModel;
  } catch (e) {
    throw new UserError(`${modelPath} is not an ONNX model (protobuf decoding failed: ${(e as Error).message}); re-export the policy.`);
  }
  if (!model.graph) throw new UserError(`${modelPath} is not an ONNX model (it has no graph); re-export the policy.`);
  const count = (dims: number[] | undefined) => (dims ?? []).reduce((a, b) => a * b, 1);
  const inits = model.graph.initializer ?? [];
  let parameterCount = inits.reduce((n, t) => n + count(t.dims), 0);
  // A sparse initializer's size is its dense shape's (it stands for that many parameters).
  for (const s of model.graph.sparseInitializer ?? []) parameterCount += count(s.dims);
  const defaultOpset = model.opsetImport?.find((o) => !o.domain || o.domain === 'ai.onnx')?.version;
  return {
    path: modelPath,
    fileBytes,
    irVersion: model.irVersion,
    producer: model.producerName ? `${model.producerName}${model.producerVersion ? ' ' + model.producerVersion : ''}` : undefined,
    opset: defaultOpset,
    parameterCount,
    initializerCount: inits.length + (model.graph.sparseInitializer?.length ?? 0),
  };
}
