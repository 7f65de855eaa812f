import { gridPoints } from '../../shared/grid';

const cache = new Map<number, Float32Array>();

/** The grid's cell centres (the origins of arrow fields), computed once per size. */
export function gridPointsCache(size: number): Float32Array {
  let g = cache.get(size);
  if (!g) {
    g = gridPoints(size);
    cache.set(size, g);
  }
  return g;
}
