/**
 * A tiny first-party key-value area for ids: `localStorage`, else a first-party cookie (when localStorage is
 * missing or throws), else memory. Values are short strings; nothing here grows.
 */
export interface Kv {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

/** Memory-only `Kv`, also used before consent. */
export function memoryKv(): Kv {
  const map = new Map<string, string>();
  return { get: (k) => map.get(k) ?? null, set: (k, v) => void (v === null ? map.delete(k) : map.set(k, v)) };
}

/** The best first-party `Kv` this page allows. */
export function firstPartyKv(): Kv {
  try {
    const ls = localStorage;
    ls.getItem('focal.aid'); // throws where storage is blocked; nothing is written here (consent)
    return {
      get: (k) => { try { return ls.getItem(k); } catch { return null; } },
      set: (k, v) => { try { if (v === null) ls.removeItem(k); else ls.setItem(k, v); } catch { /* full or blocked: ids stay in memory */ } },
    };
  } catch { /* no localStorage: a cookie */ }
  try {
    const doc = document;
    if (typeof doc.cookie == 'string') {
      return {
        get: (key) => {
          const hit = doc.cookie.split('; ').find((c) => c.startsWith(`${key}=`));
          return hit ? decodeURIComponent(hit.slice(key.length + 1)) : null;
        },
        set: (key, value) => {
          doc.cookie = value === null
            ? `${key}=; path=/; max-age=0`
            : `${key}=${encodeURIComponent(value)}; path=/; max-age=31536000; SameSite=Lax${location.protocol == 'https:' ? '; Secure' : ''}`;
        },
      };
    }
  } catch { /* cookies blocked */ }
  return memoryKv();
}
