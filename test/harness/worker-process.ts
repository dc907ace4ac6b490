/** Worker processes for the tests: the helper lives in scripts/cluster/ so the cluster benchmark starts its workers the same way. */
export * from '../../scripts/cluster/worker-process';
