// Appending to a list capped in size, counting what was left out.
/** Appends `item` to `items` while fewer than `max` are kept, else counts it in `owner.omitted`. Returns it when kept. */
export function pushBounded<T>(owner: { omitted: number }, items: T[], item: T, max: number): T | undefined {
  if (items.length >= max) {
    owner.omitted++;
    return undefined;
  }
  items.push(item);
  return item;
}
