/**
 * Image resizing exactly as PyTorch's `F.interpolate` computes it on CPU (float32), so the probe
 * feeds the exported policy the same pixels the trainer's loader does:
 *  - `bilinear`: align_corners=False, no antialias (source index (dst + 0.5) · in/out − 0.5,
 *    clamped at 0; the neighbour index clamped at the last pixel);
 *  - `nearest`: PyTorch's legacy nearest (source index floor(dst · in/out));
 *  - `area`: adaptive average pooling (window [floor(i·in/out), ceil((i+1)·in/out))).
 */

export type ResizeMode = 'bilinear' | 'nearest' | 'area';

/** An image as planar float32 channels: data[c][y][x] flattened, shape (channels, height, width). */
export interface PlanarImage {
  channels: number;
  height: number;
  width: number;
  data: Float32Array;
}

/** uint8 HWC (as CALVIN stores rgb_static / rgb_gripper) → planar float32, values scaled by `scale`. */
export function hwcToPlanar(hwc: ArrayLike<number>, height: number, width: number, channels: number, scale = 1): PlanarImage {
  const data = new Float32Array(channels * height * width);
  const plane = height * width;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * channels;
      const dst = y * width + x;
      for (let c = 0; c < channels; c++) data[c * plane + dst] = hwc[src + c] * scale;
    }
  }
  return { channels, height, width, data };
}

function linearTaps(inSize: number, outSize: number) {
  const scale = Math.fround(inSize / outSize);
  const i0 = new Int32Array(outSize),
    i1 = new Int32Array(outSize),
    w0 = new Float32Array(outSize),
    w1 = new Float32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    let src = Math.fround(Math.fround((o + 0.5) * scale) - 0.5);
    if (src < 0) src = 0;
    const lo = Math.floor(src);
    const l1 = Math.fround(src - lo);
    i0[o] = lo;
    i1[o] = lo < inSize - 1 ? lo + 1 : lo;
    w1[o] = l1;
    w0[o] = Math.fround(1 - l1);
  }
  return { i0, i1, w0, w1 };
}

export function resize(img: PlanarImage, outH: number, outW: number, mode: ResizeMode = 'bilinear'): PlanarImage {
  const { channels, height: inH, width: inW, data } = img;
  if (inH === outH && inW === outW) return { channels, height: outH, width: outW, data: new Float32Array(data) };
  const out = new Float32Array(channels * outH * outW);
  const inPlane = inH * inW,
    outPlane = outH * outW;
  if (mode === 'bilinear') {
    const ty = linearTaps(inH, outH),
      tx = linearTaps(inW, outW);
    for (let c = 0; c < channels; c++) {
      const base = c * inPlane;
      for (let y = 0; y < outH; y++) {
        const r0 = base + ty.i0[y] * inW,
          r1 = base + ty.i1[y] * inW;
        const wy0 = ty.w0[y],
          wy1 = ty.w1[y];
        for (let x = 0; x < outW; x++) {
          const a = tx.i0[x],
            b = tx.i1[x];
          out[c * outPlane + y * outW + x] =
            wy0 * (tx.w0[x] * data[r0 + a] + tx.w1[x] * data[r0 + b]) + wy1 * (tx.w0[x] * data[r1 + a] + tx.w1[x] * data[r1 + b]);
        }
      }
    }
  } else if (mode === 'nearest') {
    const sy = Math.fround(inH / outH),
      sx = Math.fround(inW / outW);
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < outH; y++) {
        const iy = Math.min(Math.floor(Math.fround(y * sy)), inH - 1);
        for (let x = 0; x < outW; x++) {
          const ix = Math.min(Math.floor(Math.fround(x * sx)), inW - 1);
          out[c * outPlane + y * outW + x] = data[c * inPlane + iy * inW + ix];
        }
      }
    }
  } else {
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < outH; y++) {
        const y0 = Math.floor((y * inH) / outH),
          y1 = Math.ceil(((y + 1) * inH) / outH);
        for (let x = 0; x < outW; x++) {
          const x0 = Math.floor((x * inW) / outW),
            x1 = Math.ceil(((x + 1) * inW) / outW);
          let sum = 0;
          for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += data[c * inPlane + yy * inW + xx];
          out[c * outPlane + y * outW + x] = sum / ((y1 - y0) * (x1 - x0));
        }
      }
    }
  }
  return { channels, height: outH, width: outW, data: out };
}
