import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi, queryGpus } from '../../extension/core/runner/gpus';

// Output of `nvidia-smi --query-gpu=index,name,memory.total,memory.used,utilization.gpu --format=csv,noheader,nounits`
// in the shapes it takes: a DGX node, a MIG-enabled A100 (utilisation not supported), an idle workstation.
const DGX = `0, NVIDIA H100 80GB HBM3, 81559, 1, 0
1, NVIDIA H100 80GB HBM3, 81559, 40211, 97
2, NVIDIA H100 80GB HBM3, 81559, 1, 0
3, NVIDIA H100 80GB HBM3, 81559, 1, 0
`;
const MIG = '0, NVIDIA A100-SXM4-40GB, 40960, 37, [N/A]\n';
const WORKSTATION = '0, NVIDIA GeForce RTX 4090, 24564, 312, 3\r\n1, Tesla T4, 15360, 0, 0\r\n';

test('parses a multi-GPU node', () => {
  const g = parseNvidiaSmi(DGX);
  assert.equal(g.length, 4);
  assert.deepEqual(g[1], { index: 1, name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, memoryUsedMiB: 40211, utilizationPct: 97 });
});

test('[N/A] utilisation becomes null; CRLF and blank lines are fine', () => {
  assert.equal(parseNvidiaSmi(MIG)[0].utilizationPct, null);
  const w = parseNvidiaSmi(WORKSTATION);
  assert.deepEqual(
    w.map((x) => x.name),
    ['NVIDIA GeForce RTX 4090', 'Tesla T4'],
  );
  assert.deepEqual(parseNvidiaSmi('\n\n'), []);
  assert.deepEqual(parseNvidiaSmi('No devices were found\n'), []);
});

test('no nvidia-smi (or a failing one) means a CPU-only machine', () => {
  assert.deepEqual(
    queryGpus(() => ({
      status: null,
      stdout: '',
      stderr: '',
      error: Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' }),
    })),
    [],
  );
  assert.deepEqual(
    queryGpus(() => ({ status: 9, stdout: '', stderr: 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.' })),
    [],
  );
  let argv: string[] = [];
  const g = queryGpus((cmd, args) => {
    argv = [cmd, ...args];
    return { status: 0, stdout: DGX, stderr: '' };
  }, {});
  assert.equal(g.length, 4);
  assert.deepEqual(argv, ['nvidia-smi', ...NVIDIA_SMI_ARGS]);
});
