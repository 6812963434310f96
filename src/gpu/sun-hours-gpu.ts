/**
 * GPU path of the sun-hours analysis (issue 6), in the browser on WebGL 2 through three.js: the same
 * answer as the CPU kernel (src/sim/shading/sun-hours.ts) by the same method on the GPU. Per sun-up
 * step of the shared plan (src/sim/shading/sun-hours-plan.ts):
 * 1. a light mask over the ground grid (one texel per cell, cleared to 1) receives the projected
 *    shadow of every building prism (the exact Minkowski-sum shadow as convex pieces, each cell centre
 *    tested exactly, sun-hours-gpu-geometry.ts) and of every crown (ray–ellipsoid per cell) with
 *    multiplicative blending: 0 in a building's shadow, the product of crown transmissivities;
 * 2. an accumulation pass adds stepH · mask · (terrain horizon test) to a float32 sum (ping-pong
 *    between two float targets, so no float blending is needed).
 * Four consecutive steps share one RGBA mask (one channel each) and one accumulation pass.
 * The sum is read back once per tile. Grids larger than the GPU's texture limit run in tiles.
 * Needs EXT_color_buffer_float (WebGL 2); throws a clear error without it.
 */
import {
  AddEquation,
  BufferAttribute,
  BufferGeometry,
  CustomBlending,
  DataArrayTexture,
  DoubleSide,
  FloatType,
  GLSL3,
  HalfFloatType,
  InstancedBufferAttribute,
  InstancedBufferGeometry,
  InstancedInterleavedBuffer,
  InterleavedBufferAttribute,
  Mesh,
  NearestFilter,
  NoBlending,
  OrthographicCamera,
  RawShaderMaterial,
  RedFormat,
  RGBAFormat,
  Scene,
  SrcColorFactor,
  WebGLRenderer,
  WebGLRenderTarget,
  ZeroFactor,
  type Material,
} from 'three';
import type { RunControl } from '../sim/core/progress';
import { CancelledError } from '../sim/core/progress';
import { computeTerrainHorizon, type TerrainHorizon } from '../sim/shading/terrain-horizon';
import { obstacleGroundPlanes, type SunHoursInput, type ObstacleGround } from '../sim/shading/sun-hours';
import { planSunHours } from '../sim/shading/sun-hours-plan';
import { crownShadowInstances, horizonLayers, prismShadowPieces } from './sun-hours-gpu-geometry';
import { ACCUMULATE_FRAGMENT, CROWN_FRAGMENT, CROWN_VERTEX, FULL_TILE_VERTEX, PRISM_FRAGMENT, PRISM_VERTEX } from './sun-hours-gpu-shaders';

export interface GpuSunHoursResult {
  /** Hours of direct sun per cell over the period, row-major like the grid (row 0 south). */
  hours: Float32Array;
  sunUpSteps: number;
  openSkyHours: number;
  tiles: number;
  /** Wall time of the GPU passes and the read-back (ms), without the terrain horizon. */
  gpuMs: number;
  /** Wall time of the whole run (ms). */
  totalMs: number;
}

/** Accumulation passes (of up to four steps) between two yields to the event loop (progress, cancel). */
const PASSES_PER_YIELD = 4;

function multiplyMaterial(vertexShader: string, fragmentShader: string, uniforms: RawShaderMaterial['uniforms']): RawShaderMaterial {
  return new RawShaderMaterial({
    glslVersion: GLSL3,
    vertexShader,
    fragmentShader,
    uniforms,
    side: DoubleSide,
    depthTest: false,
    depthWrite: false,
    blending: CustomBlending,
    blendEquation: AddEquation,
    blendSrc: ZeroFactor,
    blendDst: SrcColorFactor,
    blendSrcAlpha: ZeroFactor,
    blendDstAlpha: SrcColorFactor,
  });
}

function target(width: number, height: number, type: typeof FloatType | typeof HalfFloatType): WebGLRenderTarget {
  return new WebGLRenderTarget(width, height, { type, format: RGBAFormat, depthBuffer: false, stencilBuffer: false, minFilter: NearestFilter, magFilter: NearestFilter, generateMipmaps: false });
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function throwIfAborted(control: RunControl | undefined): void {
  if (control?.signal?.aborted === true) throw new CancelledError('sun-hours (GPU)');
}

/**
 * Hours of direct sun per ground cell over the input's period on the GPU (same input as the CPU
 * kernel `sunHours`). `maxTileCells` caps the tile side (default: the GPU's texture limit, at most 4096);
 * `horizon`: the terrain horizon when already computed (e.g. in a worker), else it is computed here.
 */
export async function sunHoursGpu(input: SunHoursInput, control?: RunControl, options: { maxTileCells?: number; horizon?: TerrainHorizon } = {}): Promise<GpuSunHoursResult> {
  const t0 = performance.now();
  const { grid } = input;
  if (!(grid.cellSizeM > 0) || !(grid.nx > 0) || !(grid.ny > 0)) throw new Error(`grid must have cellSizeM > 0 and nx, ny > 0, got ${grid.cellSizeM} m, ${grid.nx} × ${grid.ny}`);
  const plan = planSunHours({ ...input, gridNorthDeg: input.gridNorthDeg, treeSeason: input.trees === undefined ? undefined : input.treeSeason });
  const gridGround = grid.groundZ ?? 0;
  let ground: ObstacleGround = {};
  let horizon: { data: Float32Array; sectors: number; sectorMax: Float64Array } | null = null;
  const terrain = input.terrain;
  if (terrain !== undefined) {
    control?.onProgress?.({ fraction: 0, stage: 'terrain horizon' });
    const sectors = input.terrainSectors ?? 72;
    const given = options.horizon;
    const h = given !== undefined && given.sectors === sectors && given.horizonTan.length === terrain.nx * terrain.ny * sectors ? given : computeTerrainHorizon(terrain, sectors);
    const nodes = terrain.nx * terrain.ny;
    const sectorMax = new Float64Array(h.sectors);
    for (let k = 0; k < h.sectors; k++) for (let n = 0; n < nodes; n++) sectorMax[k] = Math.max(sectorMax[k] as number, h.horizonTan[n * h.sectors + k] as number);
    horizon = { data: horizonLayers(h.horizonTan, nodes, h.sectors), sectors: h.sectors, sectorMax };
    ground = obstacleGroundPlanes(terrain, input.buildings, input.trees);
  }
  throwIfAborted(control);
  const tGpu = performance.now();

  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  const renderer = new WebGLRenderer({ canvas, antialias: false, depth: false, stencil: false, alpha: true, powerPreference: 'high-performance' });
  const disposables: { dispose(): void }[] = [];
  try {
    if (!renderer.extensions.has('EXT_color_buffer_float')) throw new Error('GPU sun-hours needs WebGL 2 with EXT_color_buffer_float (float render targets); use the CPU path');
    renderer.autoClear = false;
    renderer.setPixelRatio(1);
    const maxSide = Math.max(1, Math.min(options.maxTileCells ?? 4096, renderer.capabilities.maxTextureSize));
    const c = grid.cellSizeM;
    const camera = new OrthographicCamera();

    const tileUniforms = { tileOrigin: { value: [0, 0] as number[] }, tileSize: { value: [1, 1] as number[] }, cellM: { value: c }, shadowShift: { value: [0, 0] as number[] }, sun: { value: [0, 0, 1] as number[] }, channel: { value: [1, 0, 0, 0] as number[] } };
    const maskScene = new Scene();
    if (input.buildings !== undefined) {
      const pieces = prismShadowPieces(input.buildings, grid.x0, grid.y0, gridGround, ground.prisms);
      if (pieces.length > 0) {
        const g = new InstancedBufferGeometry();
        g.setAttribute('position', new BufferAttribute(new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]), 3));
        g.setIndex([0, 1, 2, 0, 2, 3]);
        const corners = new InstancedInterleavedBuffer(pieces, 12);
        for (let k = 0; k < 4; k++) g.setAttribute(`corner${k}`, new InterleavedBufferAttribute(corners, 3, 3 * k));
        g.instanceCount = pieces.length / 12;
        const m = multiplyMaterial(PRISM_VERTEX, PRISM_FRAGMENT, tileUniforms);
        const mesh = new Mesh(g, m);
        mesh.frustumCulled = false;
        maskScene.add(mesh);
        disposables.push(g, m);
      }
    }
    let crownShape: InstancedBufferAttribute | null = null;
    const crowns = input.trees === undefined ? null : crownShadowInstances(input.trees, grid.x0, grid.y0, gridGround, ground.crowns);
    if (crowns !== null && crowns.count > 0) {
      const g = new InstancedBufferGeometry();
      g.setAttribute('position', new BufferAttribute(new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]), 3));
      g.setIndex([0, 1, 2, 0, 2, 3]);
      g.setAttribute('crown', new InstancedBufferAttribute(crowns.crown, 4));
      crownShape = new InstancedBufferAttribute(crowns.shape, 4);
      g.setAttribute('shape', crownShape);
      g.instanceCount = crowns.count;
      const m = multiplyMaterial(CROWN_VERTEX, CROWN_FRAGMENT, tileUniforms);
      const mesh = new Mesh(g, m);
      mesh.frustumCulled = false;
      maskScene.add(mesh);
      disposables.push(g, m);
    }

    const horizonTexture = horizon === null || terrain === undefined ? new DataArrayTexture(new Float32Array(1), 1, 1, 1) : new DataArrayTexture(horizon.data, terrain.nx, terrain.ny, horizon.sectors);
    horizonTexture.format = RedFormat;
    horizonTexture.type = FloatType;
    horizonTexture.minFilter = NearestFilter;
    horizonTexture.magFilter = NearestFilter;
    horizonTexture.generateMipmaps = false;
    horizonTexture.unpackAlignment = 1;
    horizonTexture.needsUpdate = true;
    disposables.push(horizonTexture);
    const accumulateUniforms = {
      ...tileUniforms,
      previous: { value: null as unknown },
      mask: { value: null as unknown },
      stepWeight: { value: [0, 0, 0, 0] as number[] },
      terrainActive: { value: [0, 0, 0, 0] as number[] },
      horizon: { value: horizonTexture },
      terrainOrigin: { value: terrain === undefined ? [0, 0] : [terrain.x0 - grid.x0, terrain.y0 - grid.y0] },
      terrainCellM: { value: terrain?.cellSizeM ?? 1 },
      terrainNodes: { value: terrain === undefined ? [2, 2] : [terrain.nx, terrain.ny] },
      sector0: { value: [0, 0, 0, 0] as number[] },
      sector1: { value: [0, 0, 0, 0] as number[] },
      sectorMix: { value: [0, 0, 0, 0] as number[] },
      tanSun: { value: [0, 0, 0, 0] as number[] },
    };
    const accumulateMaterial = new RawShaderMaterial({ glslVersion: GLSL3, vertexShader: FULL_TILE_VERTEX, fragmentShader: ACCUMULATE_FRAGMENT, uniforms: accumulateUniforms, depthTest: false, depthWrite: false, blending: NoBlending });
    const fullTile = new BufferGeometry();
    fullTile.setAttribute('position', new BufferAttribute(new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), 3));
    const accumulateMesh = new Mesh(fullTile, accumulateMaterial);
    accumulateMesh.frustumCulled = false;
    const accumulateScene = new Scene();
    accumulateScene.add(accumulateMesh);
    disposables.push(accumulateMaterial as Material, fullTile);

    const hours = new Float32Array(grid.nx * grid.ny);
    const tilesX = Math.ceil(grid.nx / maxSide);
    const tilesY = Math.ceil(grid.ny / maxSide);
    const totalWork = tilesX * tilesY * Math.max(1, plan.sunUpCount);
    let done = 0;
    let passes = 0;
    let lastRow = -2;
    const setTransmissivity = (row: number) => {
      if (crownShape === null || crowns === null || row === lastRow) return;
      lastRow = row;
      const tau = row >= 0 ? plan.crownTransmissivityByDay[row] : undefined;
      const arr = crownShape.array as Float32Array;
      for (let q = 0; q < crowns.count; q++) arr[4 * q + 3] = tau !== undefined ? (tau[crowns.tree[q] as number] as number) : (input.trees?.transmissivity?.[crowns.tree[q] as number] ?? 0);
      crownShape.needsUpdate = true;
    };
    for (let ty = 0; ty < tilesY; ty++) {
      for (let tx = 0; tx < tilesX; tx++) {
        const w = Math.min(maxSide, grid.nx - tx * maxSide);
        const h = Math.min(maxSide, grid.ny - ty * maxSide);
        tileUniforms.tileOrigin.value = [tx * maxSide * c, ty * maxSide * c];
        tileUniforms.tileSize.value = [w * c, h * c];
        const mask = target(w, h, HalfFloatType);
        const sums = [target(w, h, FloatType), target(w, h, FloatType)] as const;
        disposables.push(mask, sums[0], sums[1]);
        renderer.setClearColor(0x000000, 0);
        for (const s of sums) {
          renderer.setRenderTarget(s);
          renderer.clear(true, false, false);
        }
        let src = 0;
        // Up to four consecutive sun-up steps of the same day share one mask (one channel each) and one accumulation pass.
        let q = 0;
        while (q < plan.sunUpCount) {
          renderer.setRenderTarget(mask);
          renderer.setClearColor(0xffffff, 1);
          renderer.clear(true, false, false);
          const row = plan.dayRow[q] as number;
          setTransmissivity(row);
          const weight = [0, 0, 0, 0];
          const active = [0, 0, 0, 0];
          let ch = 0;
          for (; ch < 4 && q < plan.sunUpCount && plan.dayRow[q] === row; ch++, q++) {
            const se = plan.sunGrid[3 * q] as number;
            const sn = plan.sunGrid[3 * q + 1] as number;
            const su = plan.sunGrid[3 * q + 2] as number;
            tileUniforms.sun.value = [se, sn, su];
            tileUniforms.shadowShift.value = [-se / su, -sn / su];
            tileUniforms.channel.value = [ch === 0 ? 1 : 0, ch === 1 ? 1 : 0, ch === 2 ? 1 : 0, ch === 3 ? 1 : 0];
            renderer.render(maskScene, camera);
            weight[ch] = plan.stepH;
            if (horizon !== null) {
              const sf = ((((plan.azimuthGridDeg[q] as number) % 360) + 360) % 360) / (360 / horizon.sectors);
              const k0 = Math.floor(sf) % horizon.sectors;
              const k1 = (k0 + 1) % horizon.sectors;
              const tan = plan.tanElevation[q] as number;
              accumulateUniforms.sector0.value[ch] = k0;
              accumulateUniforms.sector1.value[ch] = k1;
              accumulateUniforms.sectorMix.value[ch] = sf - Math.floor(sf);
              accumulateUniforms.tanSun.value[ch] = tan;
              // An interpolated horizon never exceeds the highest node value of its two sectors.
              active[ch] = tan < Math.max(horizon.sectorMax[k0] as number, horizon.sectorMax[k1] as number) ? 1 : 0;
            }
          }
          accumulateUniforms.stepWeight.value = weight;
          accumulateUniforms.terrainActive.value = active;
          accumulateUniforms.previous.value = (sums[src] as WebGLRenderTarget).texture;
          accumulateUniforms.mask.value = mask.texture;
          renderer.setRenderTarget(sums[1 - src] as WebGLRenderTarget);
          renderer.render(accumulateScene, camera);
          src = 1 - src;
          done += ch;
          if (++passes % PASSES_PER_YIELD === 0) {
            control?.onProgress?.({ fraction: done / totalWork, stage: `sun-hours (GPU) step ${q}/${plan.sunUpCount}` });
            await nextTask();
            throwIfAborted(control);
          }
        }
        const pixels = new Float32Array(w * h * 4);
        renderer.readRenderTargetPixels(sums[src] as WebGLRenderTarget, 0, 0, w, h, pixels);
        for (let j = 0; j < h; j++) {
          const row = (ty * maxSide + j) * grid.nx + tx * maxSide;
          for (let i = 0; i < w; i++) hours[row + i] = pixels[4 * (j * w + i)] as number;
        }
      }
    }
    control?.onProgress?.({ fraction: 1, stage: 'sun-hours (GPU) done' });
    const t1 = performance.now();
    return { hours, sunUpSteps: plan.sunUpCount, openSkyHours: plan.openSkyHours, tiles: tilesX * tilesY, gpuMs: t1 - tGpu, totalMs: t1 - t0 };
  } finally {
    renderer.setRenderTarget(null);
    for (const d of disposables) d.dispose();
    renderer.dispose();
    renderer.forceContextLoss();
  }
}
