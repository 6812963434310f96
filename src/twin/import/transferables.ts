import type { CityModel } from '../city-model';

/** Every distinct ArrayBuffer behind the model's typed arrays, to transfer it from a worker without a copy. */
export function cityModelTransferables(model: CityModel): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown) => {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  };
  for (const table of [model.buildings, model.roads, model.trees, model.ground, model.lines]) Object.values(table).forEach(visit);
  if (model.terrain) Object.values(model.terrain).forEach(visit);
  return [...buffers];
}
