// Two lanes: `unit` (pure code and in-memory ports: no root, no Redis, no network namespaces, no child servers; run
// alone with `npm run test:unit`) and `integration` (real Redis, the fake Slack and kube-apiserver, Prometheus,
// Alertmanager, network namespaces, built processes). `npm test` runs both.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const UNIT = ['test/unit/**/*.test.ts', 'test/app/**/*.test.ts', 'test/main/**/*.test.ts', 'test/docs/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // Pure and in-memory tests share no state through globals, so one module graph per worker (isolate: false) and
      // a worker per core (the default leaves one core to vitest itself, which the unit lane barely uses). With its own
      // worker count the unit lane runs as its own group, before the integration lane.
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT,
          isolate: false,
          maxWorkers: availableParallelism(),
          // The property cases are CPU-bound (seconds each on an idle machine): room for a loaded 2-core CI machine
          // running two of them side by side.
          testTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: UNIT, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
