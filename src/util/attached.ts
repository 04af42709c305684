/**
 * State attached to an object without a field on it (a module's per-server registry): a WeakMap,
 * created on first use, with the last object asked for remembered, so a hot path that keeps asking
 * about the same server pays one comparison instead of a hash lookup.
 */
export function attached<K extends object, V>(create: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  return (key: K): V => {
    if (key === lastKey) return lastValue as V;
    let v = values.get(key);
    if (v === undefined) {
      v = create(key);
      values.set(key, v);
    }
    lastKey = key;
    lastValue = v;
    return v;
  };
}
