/**
 * The node flags the worker process runs with, wherever it is started (Dockerfile, docker-compose.yml,
 * `npm run worker`, `npm start`, `npm run cluster`, the benchmark; test/production checks they agree).
 *
 * A V8 heap limit for each of the worker's isolates (its main thread, which runs the activities, and
 * the thread that runs the cached workflows). Without one, V8 sizes it from the machine's memory and
 * collects lazily: a worker launching 200 rounds peaked at 610–670 MB resident, and at 470 MB with this
 * limit, as fast (npm run bench.cluster). 384 MB holds the default workflow cache
 * (JSRX_MAX_CACHED_WORKFLOWS=300) with room to spare; raise both together.
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=384'] as const;
