/**
 * WebAssembly SIMD kernels for training the site's tiny MLPs (AssemblyScript, compiled by
 * `npm run build:wasm` to src/models/fast/mlp-kernels{,.relaxed}.wasm).
 *
 * Everything works on one flat Float32 memory: the caller (src/models/fast/fast-mlp.ts) lays out
 * parameters, gradients, Adam moments and activations and passes byte offsets. Matrices are
 * row-major and batch-major: activations H[m × n] (m rows = batch), weights W[k × n] (k inputs,
 * n outputs), so a layer is H = act(X W + b). Every feature width is padded by the caller to a
 * multiple of 4 with zero weights and biases; since act(0) = 0 for every activation here, the
 * padding stays exactly zero through training and the kernels never see a ragged vector.
 *
 * The matrix products use 4×8 register tiles (8 f32x4 accumulators; one row of B is two
 * vectors, each A element is broadcast): 64 flops per 6 loads.
 * Built twice: plain SIMD (mul then add) and relaxed SIMD, where f32x4.relaxed_madd becomes a
 * fused multiply-add on CPUs that have one.
 */

// Activation codes, shared with src/models/fast/kernels.ts.
const ACT_LINEAR: i32 = 0;
const ACT_RELU: i32 = 1;
const ACT_LEAKY: i32 = 2;
const ACT_TANH: i32 = 3;
const ACT_SILU: i32 = 4;

// Epilogue modes of the matrix product.
const MODE_STORE: i32 = 0; // C = A B
const MODE_FORWARD: i32 = 1; // C = act(A B + bias) for act ∈ {ReLU, leaky ReLU}, else A B + bias
const MODE_ACT_GRAD: i32 = 2; // C = (A B) ⊙ act'(P), P the layer's stored output, for act ∈ {ReLU, leaky ReLU, tanh}

/** Rows of the batch reduced per pass in the weight gradient, so both panels stay in L1. */
const CHUNK: i32 = 32;

/** Start of the free memory after the module's own data; the caller allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** 1 when this build uses relaxed SIMD's fused multiply-add. */
export function relaxed(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}

// ---------------------------------------------------------------- element-wise maths

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  else return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * e^x for four lanes: Cephes expf (x = n ln2 + r with n = round(x / ln2), a degree-5 polynomial
 * for e^r, 2^n built in the exponent bits). Rounding by the 1.5·2²³ trick leaves n in the low
 * mantissa bits, which avoids wasm's saturating float→int conversion (several x86 instructions).
 */
@inline function exp4(x0: v128): v128 {
  const magic = f32x4.splat(12582912.0); // 1.5 · 2^23
  const x1 = f32x4.pmin(f32x4.pmax(x0, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const t = f32x4.add(f32x4.mul(x1, f32x4.splat(1.44269504088896341)), magic);
  const fx = f32x4.sub(t, magic);
  let x = f32x4.sub(x1, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(x, x);
  let y = f32x4.splat(1.9875691500e-4);
  y = madd(y, x, f32x4.splat(1.3981999507e-3));
  y = madd(y, x, f32x4.splat(8.3334519073e-3));
  y = madd(y, x, f32x4.splat(4.1665795894e-2));
  y = madd(y, x, f32x4.splat(1.6666665459e-1));
  y = madd(y, x, f32x4.splat(5.0000001201e-1));
  y = f32x4.add(madd(y, z, x), f32x4.splat(1));
  // n sits in the low bits of t: 2^n has the bits (n + 127) << 23.
  const pow2n = i32x4.shl(i32x4.add(i32x4.sub(t, magic), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

/** Logistic sigmoid 1 / (1 + e^−x). */
@inline function sigmoid4(x: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.neg(x))));
}

/** tanh, as Cephes tanhf: an odd polynomial for |x| < 0.625, 1 − 2/(e^{2|x|} + 1) beyond; sign restored. */
@inline function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const big = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(exp4(f32x4.add(ax, ax)), f32x4.splat(1))));
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = madd(p, z, f32x4.splat(2.06390887954e-2));
  p = madd(p, z, f32x4.splat(-5.37397155531e-2));
  p = madd(p, z, f32x4.splat(1.33314422036e-1));
  p = madd(p, z, f32x4.splat(-3.33332819422e-1));
  const small = madd(f32x4.mul(p, z), ax, ax);
  const r = v128.bitselect(big, small, f32x4.gt(ax, f32x4.splat(0.625)));
  return v128.or(r, v128.and(x, i32x4.splat(0x80000000)));
}

@inline function activate4(z: v128, act: i32, alpha: f32): v128 {
  if (act == ACT_RELU) return f32x4.pmax(z, f32x4.splat(0));
  if (act == ACT_LEAKY) return v128.bitselect(z, f32x4.mul(z, f32x4.splat(alpha)), f32x4.gt(z, f32x4.splat(0)));
  if (act == ACT_TANH) return tanh4(z);
  if (act == ACT_SILU) return f32x4.mul(z, sigmoid4(z));
  return z;
}

/**
 * act'(·) from what the forward pass kept: the output h for ReLU, leaky ReLU (h > 0 ⇔ z > 0 when
 * α > 0) and tanh (1 − h²); the pre-activation z for SiLU: σ(z)(1 + z(1 − σ(z))).
 */
@inline function activationGrad4(p: v128, act: i32, alpha: f32): v128 {
  const one = f32x4.splat(1);
  if (act == ACT_RELU) return v128.and(one, f32x4.gt(p, f32x4.splat(0)));
  if (act == ACT_LEAKY) return v128.bitselect(one, f32x4.splat(alpha), f32x4.gt(p, f32x4.splat(0)));
  if (act == ACT_TANH) return f32x4.sub(one, f32x4.mul(p, p));
  if (act == ACT_SILU) {
    const s = sigmoid4(p);
    return f32x4.mul(s, madd(p, f32x4.sub(one, s), one));
  }
  return one;
}

/**
 * Writes one 4-wide piece of a product's result according to the epilogue mode. Only the cheap
 * activations (linear, ReLU, leaky ReLU; tanh's 1 − h² in the backward) are applied here; for
 * tanh and SiLU in the forward, and SiLU in the backward, the caller stores the plain result and
 * runs `activate` / `mulActivationGrad` over it (an exp per element in this tile's epilogue made
 * the whole product slower than a separate pass).
 */
@inline function emit(v: v128, off: usize, c: usize, bias: v128, p: usize, mode: i32, act: i32, alpha: f32): void {
  if (mode == MODE_FORWARD) {
    const pre = f32x4.add(v, bias);
    v128.store(c + off, act == ACT_RELU || act == ACT_LEAKY ? activate4(pre, act, alpha) : pre);
  } else if (mode == MODE_ACT_GRAD) {
    v128.store(c + off, f32x4.mul(v, activationGrad4(v128.load(p + off), act, alpha)));
  } else {
    v128.store(c + off, v);
  }
}

// ---------------------------------------------------------------- matrix products

/**
 * C[m × n] = epilogue(A[m × k] · B[k × n]); k and n multiples of 4. For MODE_FORWARD, `bias` is
 * b[n]; for MODE_ACT_GRAD, `p` is read with C's layout.
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, mode: i32, bias: usize, p: usize, act: i32, alpha: f32): void {
  const lda = <usize>k << 2;
  const ldb = <usize>n << 2;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize>i * lda;
    const rowOff = <usize>i * ldb;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let q = 0; q < k; q++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        let s = v128.load32_splat(pa);
        c00 = madd(s, b0, c00);
        c01 = madd(s, b1, c01);
        s = v128.load32_splat(pa + lda);
        c10 = madd(s, b0, c10);
        c11 = madd(s, b1, c11);
        s = v128.load32_splat(pa + 2 * lda);
        c20 = madd(s, b0, c20);
        c21 = madd(s, b1, c21);
        s = v128.load32_splat(pa + 3 * lda);
        c30 = madd(s, b0, c30);
        c31 = madd(s, b1, c31);
        pa += 4;
        pb += ldb;
      }
      const off = rowOff + (<usize>j << 2);
      const bv0 = mode == MODE_FORWARD ? v128.load(bias + (<usize>j << 2)) : f32x4.splat(0);
      const bv1 = mode == MODE_FORWARD ? v128.load(bias + (<usize>j << 2), 16) : f32x4.splat(0);
      emit(c00, off, c, bv0, p, mode, act, alpha);
      emit(c01, off + 16, c, bv1, p, mode, act, alpha);
      emit(c10, off + ldb, c, bv0, p, mode, act, alpha);
      emit(c11, off + ldb + 16, c, bv1, p, mode, act, alpha);
      emit(c20, off + 2 * ldb, c, bv0, p, mode, act, alpha);
      emit(c21, off + 2 * ldb + 16, c, bv1, p, mode, act, alpha);
      emit(c30, off + 3 * ldb, c, bv0, p, mode, act, alpha);
      emit(c31, off + 3 * ldb + 16, c, bv1, p, mode, act, alpha);
    }
    if (j < n) {
      // n ≡ 4 (mod 8): one 4×4 tile.
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let q = 0; q < k; q++) {
        const b0 = v128.load(pb);
        c0 = madd(v128.load32_splat(pa), b0, c0);
        c1 = madd(v128.load32_splat(pa + lda), b0, c1);
        c2 = madd(v128.load32_splat(pa + 2 * lda), b0, c2);
        c3 = madd(v128.load32_splat(pa + 3 * lda), b0, c3);
        pa += 4;
        pb += ldb;
      }
      const off = rowOff + (<usize>j << 2);
      const bv = mode == MODE_FORWARD ? v128.load(bias + (<usize>j << 2)) : f32x4.splat(0);
      emit(c0, off, c, bv, p, mode, act, alpha);
      emit(c1, off + ldb, c, bv, p, mode, act, alpha);
      emit(c2, off + 2 * ldb, c, bv, p, mode, act, alpha);
      emit(c3, off + 3 * ldb, c, bv, p, mode, act, alpha);
    }
  }
  // The last m mod 4 rows, one at a time.
  for (; i < m; i++) {
    const a0 = a + <usize>i * lda;
    const rowOff = <usize>i * ldb;
    for (let j = 0; j < n; j += 4) {
      let acc = f32x4.splat(0);
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let q = 0; q < k; q++) {
        acc = madd(v128.load32_splat(pa), v128.load(pb), acc);
        pa += 4;
        pb += ldb;
      }
      const bv = mode == MODE_FORWARD ? v128.load(bias + (<usize>j << 2)) : f32x4.splat(0);
      emit(acc, rowOff + (<usize>j << 2), c, bv, p, mode, act, alpha);
    }
  }
}

/**
 * C[k × n] = A[m × k]ᵀ · B[m × n] (plus C's old value when `accumulate` is 1): the weight
 * gradient Hᵀ dZ, a sum over the batch rows. k and n multiples of 4. The rows are reduced in
 * chunks so that the two panels of a chunk stay in the L1 cache while all tiles use them.
 */
export function gemmTN(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, accumulate: i32): void {
  const lda = <usize>k << 2;
  const ldb = <usize>n << 2;
  for (let r0 = 0; r0 < m; r0 += CHUNK) {
    const r1 = min(m, r0 + CHUNK);
    const load = accumulate != 0 || r0 > 0;
    for (let q = 0; q < k; q += 4) {
      const cRow = c + <usize>q * ldb;
      let j = 0;
      for (; j + 8 <= n; j += 8) {
        const cp = cRow + (<usize>j << 2);
        let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
        if (load) {
          c00 = v128.load(cp);
          c01 = v128.load(cp, 16);
          c10 = v128.load(cp + ldb);
          c11 = v128.load(cp + ldb, 16);
          c20 = v128.load(cp + 2 * ldb);
          c21 = v128.load(cp + 2 * ldb, 16);
          c30 = v128.load(cp + 3 * ldb);
          c31 = v128.load(cp + 3 * ldb, 16);
        }
        let pa = a + <usize>r0 * lda + (<usize>q << 2);
        let pb = b + <usize>r0 * ldb + (<usize>j << 2);
        for (let r = r0; r < r1; r++) {
          const b0 = v128.load(pb);
          const b1 = v128.load(pb, 16);
          let s = v128.load32_splat(pa);
          c00 = madd(s, b0, c00);
          c01 = madd(s, b1, c01);
          s = v128.load32_splat(pa, 4);
          c10 = madd(s, b0, c10);
          c11 = madd(s, b1, c11);
          s = v128.load32_splat(pa, 8);
          c20 = madd(s, b0, c20);
          c21 = madd(s, b1, c21);
          s = v128.load32_splat(pa, 12);
          c30 = madd(s, b0, c30);
          c31 = madd(s, b1, c31);
          pa += lda;
          pb += ldb;
        }
        v128.store(cp, c00);
        v128.store(cp, c01, 16);
        v128.store(cp + ldb, c10);
        v128.store(cp + ldb, c11, 16);
        v128.store(cp + 2 * ldb, c20);
        v128.store(cp + 2 * ldb, c21, 16);
        v128.store(cp + 3 * ldb, c30);
        v128.store(cp + 3 * ldb, c31, 16);
      }
      if (j < n) {
        const cp = cRow + (<usize>j << 2);
        let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
        if (load) {
          c0 = v128.load(cp);
          c1 = v128.load(cp + ldb);
          c2 = v128.load(cp + 2 * ldb);
          c3 = v128.load(cp + 3 * ldb);
        }
        let pa = a + <usize>r0 * lda + (<usize>q << 2);
        let pb = b + <usize>r0 * ldb + (<usize>j << 2);
        for (let r = r0; r < r1; r++) {
          const b0 = v128.load(pb);
          c0 = madd(v128.load32_splat(pa), b0, c0);
          c1 = madd(v128.load32_splat(pa, 4), b0, c1);
          c2 = madd(v128.load32_splat(pa, 8), b0, c2);
          c3 = madd(v128.load32_splat(pa, 12), b0, c3);
          pa += lda;
          pb += ldb;
        }
        v128.store(cp, c0);
        v128.store(cp + ldb, c1);
        v128.store(cp + 2 * ldb, c2);
        v128.store(cp + 3 * ldb, c3);
      }
    }
  }
}

/** out[n] = Σ_rows D[m × n] (plus out's old value when `accumulate` is 1): the bias gradient. n a multiple of 4. */
export function columnSums(d: usize, out: usize, m: i32, n: i32, accumulate: i32): void {
  const ld = <usize>n << 2;
  for (let j = 0; j < n; j += 4) {
    const o = out + (<usize>j << 2);
    let acc0 = accumulate != 0 ? v128.load(o) : f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    let pd = d + (<usize>j << 2);
    let r = 0;
    for (; r + 2 <= m; r += 2) {
      acc0 = f32x4.add(acc0, v128.load(pd));
      acc1 = f32x4.add(acc1, v128.load(pd + ld));
      pd += 2 * ld;
    }
    if (r < m) acc0 = f32x4.add(acc0, v128.load(pd));
    v128.store(o, f32x4.add(acc0, acc1));
  }
}

/** dst[cols × rows] = src[rows × cols]ᵀ (scalar; used once per weight matrix per step). */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const s = src + ((<usize>r * <usize>cols) << 2);
    for (let q = 0; q < cols; q++) {
      store<f32>(dst + ((<usize>q * <usize>rows + <usize>r) << 2), load<f32>(s + (<usize>q << 2)));
    }
  }
}

/** dst[i] += src[i] for `count` floats (a multiple of 4): sums the gradients of two halves of a batch. */
export function addInto(dst: usize, src: usize, count: i32): void {
  for (let i = 0; i < count; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
}

/** dst = act(src) for `count` floats (a multiple of 4); dst may equal src. */
export function activate(src: usize, dst: usize, count: i32, act: i32, alpha: f32): void {
  let i = 0;
  // Two independent vectors per iteration: exp's long dependency chain leaves room for both (1.5× faster).
  for (; i + 8 <= count; i += 8) {
    const o = <usize>i << 2;
    const a = v128.load(src + o);
    const b = v128.load(src + o, 16);
    v128.store(dst + o, activate4(a, act, alpha));
    v128.store(dst + o, activate4(b, act, alpha), 16);
  }
  for (; i < count; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, activate4(v128.load(src + o), act, alpha));
  }
}

/** d ⊙= act'(p) for `count` floats (a multiple of 4); p as in activationGrad4. */
export function mulActivationGrad(d: usize, p: usize, count: i32, act: i32, alpha: f32): void {
  let i = 0;
  for (; i + 8 <= count; i += 8) {
    const o = <usize>i << 2;
    const ga = activationGrad4(v128.load(p + o), act, alpha);
    const gb = activationGrad4(v128.load(p + o, 16), act, alpha);
    v128.store(d + o, f32x4.mul(v128.load(d + o), ga));
    v128.store(d + o, f32x4.mul(v128.load(d + o, 16), gb), 16);
  }
  for (; i < count; i += 4) {
    const o = <usize>i << 2;
    v128.store(d + o, f32x4.mul(v128.load(d + o), activationGrad4(v128.load(p + o), act, alpha)));
  }
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1) on `count` parameters (a multiple of 4), written as
 * tf.train.adam computes it: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * θ ← θ − lr · (m c₁) / (√(v c₂) + ε), with c₁ = 1/(1 − β₁ᵗ), c₂ = 1/(1 − β₂ᵗ) from the caller.
 */
export function adam(p: usize, g: usize, mo: usize, ve: usize, count: i32, lr: f32, beta1: f32, beta2: f32, eps: f32, c1: f32, c2: f32): void {
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const ob1 = f32x4.splat(1 - beta1);
  const ob2 = f32x4.splat(1 - beta2);
  const vc1 = f32x4.splat(c1);
  const vc2 = f32x4.splat(c2);
  const ve_ = f32x4.splat(eps);
  const vlr = f32x4.splat(lr);
  for (let i = 0; i < count; i += 4) {
    const o = <usize>i << 2;
    const gr = v128.load(g + o);
    const m = f32x4.add(f32x4.mul(v128.load(mo + o), b1), f32x4.mul(gr, ob1));
    const v = f32x4.add(f32x4.mul(v128.load(ve + o), b2), f32x4.mul(f32x4.mul(gr, gr), ob2));
    v128.store(mo + o, m);
    v128.store(ve + o, v);
    const step = f32x4.div(f32x4.mul(m, vc1), f32x4.add(f32x4.sqrt(f32x4.mul(v, vc2)), ve_));
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.mul(vlr, step)));
  }
}

/** Σ x[i]² over `count` floats (a multiple of 4), in f32: the squared gradient norm, checked for finiteness. */
export function sumSquares(x: usize, count: i32): f32 {
  let acc = f32x4.splat(0);
  for (let i = 0; i < count; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    acc = madd(v, v, acc);
  }
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
}

/** avg ← d·avg + (1 − d)·p for `count` floats (a multiple of 4): an exponential moving average of the weights. */
export function ema(avg: usize, p: usize, count: i32, decay: f32): void {
  const d = f32x4.splat(decay);
  const od = f32x4.splat(1 - decay);
  for (let i = 0; i < count; i += 4) {
    const o = <usize>i << 2;
    v128.store(avg + o, f32x4.add(f32x4.mul(v128.load(avg + o), d), f32x4.mul(v128.load(p + o), od)));
  }
}
