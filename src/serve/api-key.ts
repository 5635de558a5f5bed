// The API key check: the key may come in the `x-apikey` header or the
// `api_key` query parameter, as in the original. Both sides are hashed first so
// that timingSafeEqual compares equal lengths and the time taken says nothing
// about the key, not even its length.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export type KeyMatcher = (candidates: readonly (string | null | undefined)[]) => boolean;

export function keyMatcher(apiKey: string): KeyMatcher {
  const expected = digest(apiKey);
  return (candidates) => {
    let ok = false;
    // Every candidate is compared, so which one matched takes no different time.
    for (const c of candidates) {
      if (typeof c === 'string' && timingSafeEqual(digest(c), expected)) ok = true;
    }
    return ok;
  };
}
