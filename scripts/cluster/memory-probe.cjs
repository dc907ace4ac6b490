/**
 * Preloaded into a benchmark's worker (`node -r scripts/cluster/memory-probe.cjs …`): every second, one
 * JSON line of `process.memoryUsage()` appended to JSRX_BENCH_MEMORY_FILE, so `npm run bench.cluster`
 * can say where the resident memory goes at its peak: the V8 heap (workflow state, activities, the SDK's
 * JavaScript), buffers outside it, and the rest (the Rust core's caches and gRPC buffers, code, stacks).
 * Plain JavaScript: the built worker runs without a TypeScript loader.
 */
const { appendFileSync } = require('node:fs');
const { setInterval } = require('node:timers');

const file = process.env.JSRX_BENCH_MEMORY_FILE;
if (file) {
  const timer = setInterval(() => {
    const memory = process.memoryUsage();
    appendFileSync(file, `${JSON.stringify({ at: Date.now(), ...memory })}\n`);
  }, 1000);
  timer.unref();
}
