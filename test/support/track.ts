// Clean-up of what a test opened: `track` it when opening, `closeAll` after the test closes everything in reverse
// order (redisForFile runs it after each test of its file).

type Closable = { close?: () => Promise<unknown>; quit?: () => Promise<unknown> };
const opened: Closable[] = [];

/** Registers something to close after the test (in reverse order). Returns it. */
export function track<T extends Closable>(thing: T): T {
  opened.push(thing);
  return thing;
}

export async function closeAll(): Promise<void> {
  for (const thing of opened.splice(0).reverse()) {
    try {
      if (thing.close) await thing.close();
      else if (thing.quit) await thing.quit();
    } catch {
      // already closed (a "Redis down" test)
    }
  }
}
