/**
 * What the stores and the indexer need of a post's SimHash (computed by the enricher's
 * fingerprintText step): its LSH bands for the candidate lookup, and the Hamming distance.
 *
 * Bands: the 64 bits split into 4 bands of 16 bits. By pigeonhole, two hashes within distance 3
 * agree exactly on at least one band, so "shares a band" finds every such pair; pairs further apart
 * are found when they happen to share one (see services/indexer/near-duplicates.ts).
 */
export const BAND_COUNT = 4;

/** The band keys of a SimHash: band index and its 4 hex digits ("0:ab12"), so equal keys mean the same band. */
export function simhashBands(simhash: string): string[] {
  const bands: string[] = [];
  for (let b = 0; b < BAND_COUNT; b++) bands.push(`${b}:${simhash.slice(b * 4, b * 4 + 4)}`);
  return bands;
}

/** Hamming distance of two 16-hex-digit SimHashes, on two 32-bit halves (no BigInt). */
export function hammingDistance(a: string, b: string): number {
  return popcount32(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) + popcount32(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16));
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
