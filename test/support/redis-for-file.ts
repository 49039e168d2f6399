// The Redis set-up of a test file, called at its top level: a real redis-server (redis-server.ts) started before the
// file's tests and stopped after them, everything a test tracked (track.ts) closed after it, temp dirs removed at the end.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { removeTempDirs } from './k8s-helpers.js';
import { type RedisServer, type RedisServerOptions, startRedis } from './redis-server.js';
import { closeAll } from './track.js';

/** The file's server; read its fields in hooks and tests (it starts in the file's first beforeAll). */
export function redisForFile(options: RedisServerOptions = {}): RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedis(options);
  });
  afterAll(async () => {
    await server?.dispose();
    removeTempDirs();
  });
  afterEach(closeAll);
  const started = () => {
    if (!server) throw new Error('redisForFile: the server starts in beforeAll');
    return server;
  };
  return {
    get port() {
      return started().port;
    },
    get url() {
      return started().url;
    },
    stop: () => started().stop(),
    start: () => started().start(),
    dispose: () => started().dispose(),
  };
}
