import type { Product } from '@focal/sdk-core/contracts';

/** Weights of each kind of attribute in a product embedding. */
export const EMBEDDING_WEIGHTS = {
  /** Per category level, from the root down (deeper levels weigh more). */
  category: [1, 1.5, 2],
  brand: 1,
  price: 1,
  attribute: 0.6,
  numeric: 0.4,
} as const;

/** The vocabulary an embedding is built on: one dimension per token. */
export interface EmbeddingSpace {
  dimensions: number;
  tokens: Map<string, number>;
  /** Mean and standard deviation of log(price) and of each numeric attribute. */
  numeric: Map<string, { dim: number; mean: number; std: number }>;
}

/** Tokens of a product: category prefixes, brand, `key=value` attributes, flags (all with weights). */
function tokensOf(product: Product): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  product.categoryPath.forEach((_, i) => {
    const w = EMBEDDING_WEIGHTS.category[Math.min(i, EMBEDDING_WEIGHTS.category.length - 1)];
    out.push([`c:${product.categoryPath.slice(0, i + 1).join(' > ')}`, w]);
  });
  if (product.brand) out.push([`b:${product.brand}`, EMBEDDING_WEIGHTS.brand]);
  for (const [key, value] of Object.entries(product.attributes ?? {})) {
    if (typeof value === 'string') out.push([`a:${key}=${value.toLowerCase()}`, EMBEDDING_WEIGHTS.attribute]);
    else if (typeof value === 'boolean' && value) out.push([`a:${key}`, EMBEDDING_WEIGHTS.attribute]);
    else if (Array.isArray(value) && value.length) {
      for (const v of value) out.push([`a:${key}=${v.toLowerCase()}`, EMBEDDING_WEIGHTS.attribute / Math.sqrt(value.length)]);
    }
  }
  return out;
}

/**
 * Builds the vocabulary from a catalog: tokens shared by at least two products (capped to the `maxTokens` most
 * frequent), plus log-price and numeric attributes as standardised dimensions.
 */
export function buildEmbeddingSpace(products: Iterable<Product>, maxTokens = 512): EmbeddingSpace {
  const freq = new Map<string, number>();
  const numbers = new Map<string, number[]>();
  for (const p of products) {
    for (const [token] of tokensOf(p)) freq.set(token, (freq.get(token) ?? 0) + 1);
    pushNumber(numbers, 'price', Math.log1p(p.price));
    for (const [key, value] of Object.entries(p.attributes ?? {})) {
      if (typeof value === 'number' && Number.isFinite(value)) pushNumber(numbers, `n:${key}`, value);
    }
  }
  const kept = [...freq].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxTokens);
  const tokens = new Map(kept.map(([t], i) => [t, i]));
  let dim = tokens.size;
  const numeric = new Map<string, { dim: number; mean: number; std: number }>();
  for (const [key, values] of numbers) {
    if (values.length < 2) continue;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    if (std > 0) numeric.set(key, { dim: dim++, mean, std });
  }
  return { dimensions: dim, tokens, numeric };
}

/** A product's unit-length embedding in `space` (zero vector when it shares nothing with the catalog). */
export function embedProduct(space: EmbeddingSpace, product: Product): Float32Array {
  const v = new Float32Array(space.dimensions);
  for (const [token, weight] of tokensOf(product)) {
    const d = space.tokens.get(token);
    if (d !== undefined) v[d] += weight;
  }
  const setNumber = (key: string, value: number, weight: number) => {
    const n = space.numeric.get(key);
    if (n) v[n.dim] = (weight * (value - n.mean)) / n.std / 2;
  };
  setNumber('price', Math.log1p(product.price), EMBEDDING_WEIGHTS.price);
  for (const [key, value] of Object.entries(product.attributes ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) setNumber(`n:${key}`, value, EMBEDDING_WEIGHTS.numeric);
  }
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

function pushNumber(map: Map<string, number[]>, key: string, value: number): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(value);
}
