/**
 * Load-robust comparison of the fast path with PyTorch and tfjs on the reference workloads, in
 * Node (run under vitest by bench/fast-interleaved.mjs, which passes its settings in BENCH_* variables). On a busy machine the load drifts during a
 * long sequential run, so here every contender runs in short slices (2 s) taken in turns, round
 * after round, and the report gives each contender's median over rounds and, for the fast path,
 * the median of its ratio to the PyTorch slice of the same round. PyTorch runs in one persistent
 * python3 process (the functions of shared/reference/bench_torch.py, one thread) fed by stdin.
 */
import { test } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import os from 'node:os';
import { initBackend } from '../src/models/backend';
import { FastDdpmTrainer } from './fast-trainers/ddpm-trainer';
import { FastGanTrainer } from './fast-trainers/gan-trainer';
import { loadFastKernels, relaxedSimdSupported } from '../src/models/fast/kernels';
import { diffusionWorkload, ganWorkload } from './reference-workloads';
import { median } from './timing';

const torchScript = process.env.BENCH_TORCH_SCRIPT ?? '/work/shared/reference/bench_torch.py';
const python = process.env.BENCH_PYTHON ?? 'python3';
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const out: string[] = [];
const print = (line: string) => out.push(line);

const torchProgram = `
import sys, json, time, importlib.util
sys.argv = ['bench_torch.py', 'diffusion', '--threads', '1']
spec = importlib.util.spec_from_file_location('bench_torch', ${JSON.stringify(torchScript)})
bt = importlib.util.module_from_spec(spec); spec.loader.exec_module(bt)
torch = bt.torch
torch.manual_seed(0)
m = bt.make_eps_model(); opt = torch.optim.Adam(m.parameters(), lr=1e-3)
G, D = bt.mlp(2, 64, 2), bt.mlp(2, 64, 1)
oG = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999)); oD = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
steps = {'diffusion': lambda: bt.diffusion_step(m, opt), 'gan': lambda: bt.gan_iter(G, D, oG, oD)}
for _ in range(200):
    steps['diffusion'](); steps['gan']()
print(json.dumps({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    w, secs = line.split(); secs = float(secs); fn = steps[w]
    n = 0; best = float('inf'); t0 = time.perf_counter()
    while n < 20 or time.perf_counter() - t0 < secs:
        t1 = time.perf_counter(); fn(); best = min(best, time.perf_counter() - t1); n += 1
    print(json.dumps({'rate': n / (time.perf_counter() - t0), 'best': best}), flush=True)
`;

function startTorch() {
  const child = spawn(python, ['-c', torchProgram], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const queue: ((line: string) => void)[] = [];
  lines.on('line', (line) => queue.shift()?.(line));
  const next = () => new Promise<string>((resolve) => queue.push(resolve));
  return {
    ready: next().then((l) => JSON.parse(l) as { torch: string; threads: number }),
    async slice(workload: 'diffusion' | 'gan'): Promise<Slice> {
      const line = next();
      child.stdin!.write(`${workload} ${seconds}\n`);
      const r = JSON.parse(await line) as { rate: number; best: number };
      return { rate: r.rate, best: r.best * 1000 };
    },
    close: () => child.kill(),
  };
}

/** Steps per second over one slice, and the fastest single step (ms): the cost when nothing else ran. */
interface Slice {
  rate: number;
  best: number;
}

/** One slice of `step` (at least `seconds` and 20 steps); `sync` forces pending work (tfjs) to finish. */
function slice(step: () => void, sync: () => void = () => {}): Slice {
  const t0 = performance.now();
  let n = 0;
  let best = Infinity;
  while (n < 20 || performance.now() - t0 < seconds * 1000) {
    const t1 = performance.now();
    step();
    sync();
    best = Math.min(best, performance.now() - t1);
    n++;
  }
  return { rate: n / ((performance.now() - t0) / 1000), best };
}

test('fast path, PyTorch and tfjs in alternating slices', async () => {
  await initBackend('wasm');
  const torch = startTorch();
  const info = await torch.ready;
  const relaxed = relaxedSimdSupported();
  const simd = await loadFastKernels({ variant: 'simd' });
  const best = await loadFastKernels({ variant: relaxed ? 'relaxed' : 'simd', threads: true });
  const bestName = relaxed ? 'relaxed SIMD' : 'SIMD';
  for (const workload of ['diffusion', 'gan'] as const) {
    const fast = workload === 'diffusion'
      ? { simd: new FastDdpmTrainer(simd), best: new FastDdpmTrainer(best), two: await FastDdpmTrainer.create(best, { threads: 2 }) }
      : { simd: new FastGanTrainer(simd), best: new FastGanTrainer(best), two: new FastGanTrainer(best) };
    const tfjs = workload === 'diffusion' ? diffusionWorkload(0) : ganWorkload(0);
    const contenders: [string, () => Promise<Slice> | Slice][] = [
      ['PyTorch 1 thread', () => torch.slice(workload)],
      [`fast ${bestName}, 1 thread`, () => slice(() => fast.best.step())],
      ['fast SIMD, 1 thread', () => slice(() => fast.simd.step())],
      // Two threads only where a batch is worth splitting (the GAN's are not: FastMlp's minSplitFlops).
      ...(workload === 'diffusion' ? [[`fast ${bestName}, 2 threads`, () => slice(() => fast.two.step())] as [string, () => Slice]] : []),
      ['tfjs wasm', () => slice(() => tfjs.step(), () => tfjs.lastLoss())],
    ];
    for (const [, run] of contenders.slice(1)) for (let i = 0; i < 3; i++) await run(); // warm-up (JIT, caches)
    const slices = new Map<string, Slice[]>(contenders.map(([name]) => [name, []]));
    for (let r = 0; r < rounds; r++) {
      // Rotate the order each round so no contender always follows the same one.
      for (let i = 0; i < contenders.length; i++) {
        const [name, run] = contenders[(i + r) % contenders.length];
        slices.get(name)!.push(await run());
      }
      console.error(`[bench] ${workload} round ${r + 1}/${rounds}, load ${os.loadavg()[0].toFixed(1)}`);
    }
    const torchRates = slices.get('PyTorch 1 thread')!.map((x) => x.rate);
    print(`\n${workload === 'diffusion' ? 'W-diffusion' : 'W-gan'}: steps/s, median of ${rounds} rounds of ${seconds} s slices taken in turns; ÷ PyTorch: median over rounds of the slice ÷ the PyTorch slice of the same round; best step: the fastest single step seen (the cost when nothing else ran)`);
    print('| contender | steps/s (median) | per round | ÷ PyTorch | best step (ms) |');
    print('|---|---:|---|---:|---:|');
    for (const [name, xs] of slices) {
      const rates = xs.map((x) => x.rate);
      const ratio = name.startsWith('PyTorch') ? '' : `${median(rates.map((x, i) => x / torchRates[i])).toFixed(2)}×`;
      const best = Math.min(...xs.map((x) => x.best));
      print(`| ${name} | ${median(rates).toFixed(1)} | ${rates.map((x) => x.toFixed(0)).join(', ')} | ${ratio} | ${best.toFixed(2)} |`);
    }
    fast.two.dispose();
    tfjs.dispose();
  }
  print(`\nPyTorch ${info.torch} (${info.threads} thread); Node ${process.version}; ${os.cpus()[0]?.model} × ${os.cpus().length}; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(', ')}`);
  torch.close();
  const text = out.join('\n') + '\n';
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, text);
  else process.stdout.write(text);
});
