/**
 * Collections with a fixed capacity, for state kept per message, peer or stream: past `max`
 * entries, adding one forgets the entry added (or re-added) longest ago. Whatever a stranger can
 * make a peer remember goes into one of these, or into a structure with its own named bound.
 */

function checkMax (max: number): number {
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`)
  return max
}

/** A Map of at most `max` entries; `set` moves a key to the most recent end, evicting the oldest past `max`. */
export class BoundedMap<K, V> extends Map<K, V> {
  readonly max: number

  constructor (max: number) {
    super()
    this.max = checkMax(max)
  }

  override set (key: K, value: V): this {
    super.delete(key)
    super.set(key, value)
    if (this.size > this.max) super.delete(this.keys().next().value as K)
    return this
  }
}

/** A Set of at most `max` values; `add` moves a value to the most recent end, evicting the oldest past `max`. */
export class BoundedSet<T> extends Set<T> {
  readonly max: number

  constructor (max: number) {
    super()
    this.max = checkMax(max)
  }

  override add (value: T): this {
    super.delete(value)
    super.add(value)
    if (this.size > this.max) super.delete(this.values().next().value as T)
    return this
  }
}
