/**
 * GLSL ES 3.00 of the GPU sun-hours path (sun-hours-gpu.ts). One fragment per ground cell: the
 * viewport is the grid tile, so gl_FragCoord.xy = (i + ½, j + ½) is the cell centre, the sampling
 * point of the CPU kernel (src/sim/shading). Positions are metres relative to the grid origin.
 */

/** Shared tile mapping: metres relative to the grid origin → clip space of the tile. */
const TILE_VERTEX = /* glsl */ `
uniform vec2 tileOrigin;
uniform vec2 tileSize;
vec4 tileClip(vec2 p) { return vec4((p - tileOrigin) / tileSize * 2.0 - 1.0, 0.0, 1.0); }
`;

/**
 * Building shadow pieces (convex, ≤ 4 corners, one instance each). A piece lies in the parallelogram
 * q0 + s·u + t·v (u = q1 − q0, v = q3 − q0, s, t ∈ [0, 1]: the piece itself for a wall sweep, twice a
 * footprint triangle); that parallelogram is drawn grown by one cell perpendicular to each side
 * (s and t extended by cellM·|v|/|u×v| and cellM·|u|/|u×v|), so every cell centre inside the piece
 * gets a fragment whatever the rasteriser's sub-pixel snapping, and the fragment shader keeps the
 * exact ones. A degenerate piece (|u×v| ≈ 0) covers no centre and is collapsed.
 */
export const PRISM_VERTEX = /* glsl */ `
precision highp float;
in vec3 position;
in vec3 corner0;
in vec3 corner1;
in vec3 corner2;
in vec3 corner3;
uniform vec2 shadowShift;
uniform float cellM;
flat out vec2 q0;
flat out vec2 q1;
flat out vec2 q2;
flat out vec2 q3;
${TILE_VERTEX}
void main() {
  q0 = corner0.xy + corner0.z * shadowShift;
  q1 = corner1.xy + corner1.z * shadowShift;
  q2 = corner2.xy + corner2.z * shadowShift;
  q3 = corner3.xy + corner3.z * shadowShift;
  vec2 u = q1 - q0;
  vec2 v = q3 - q0;
  float cr = abs(u.x * v.y - u.y * v.x);
  if (cr < 1e-6 * cellM * cellM) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    return;
  }
  float eu = cellM * length(v) / cr;
  float ev = cellM * length(u) / cr;
  vec2 p = q0 + mix(-eu, 1.0 + eu, position.x) * u + mix(-ev, 1.0 + ev, position.y) * v;
  gl_Position = tileClip(p);
}
`;

/**
 * Multiplicative blending (dst·src) into the mask channel of the step (`channel` one-hot: up to four
 * steps share one mask texture): 0 puts the cell in shadow, other channels are multiplied by 1.
 */
export const PRISM_FRAGMENT = /* glsl */ `
precision highp float;
uniform vec4 channel;
uniform vec2 tileOrigin;
uniform float cellM;
flat in vec2 q0;
flat in vec2 q1;
flat in vec2 q2;
flat in vec2 q3;
out vec4 colour;
float edge(vec2 a, vec2 b, vec2 p) { return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x); }
void main() {
  vec2 cell = tileOrigin + gl_FragCoord.xy * cellM;
  // Orientation of the piece (shoelace); a degenerate piece covers no cell centre.
  float area = edge(q0, q1, q2) + edge(q0, q2, q3);
  if (area == 0.0) discard;
  float s = sign(area);
  if (s * edge(q0, q1, cell) < 0.0 || s * edge(q1, q2, cell) < 0.0 || s * edge(q2, q3, cell) < 0.0 || s * edge(q3, q0, cell) < 0.0) discard;
  colour = vec4(1.0) - channel;
}
`;

/** Tree crowns: a quad over the crown's shadow bounds (one cell wider than the CPU's box). */
export const CROWN_VERTEX = /* glsl */ `
precision highp float;
in vec3 position;
in vec4 crown;
in vec4 shape;
uniform vec3 sun;
uniform vec2 shadowShift;
uniform float cellM;
flat out vec3 centre;
flat out vec3 axis;
flat out float radius2;
flat out float transmissivity;
${TILE_VERTEX}
void main() {
  float r = crown.w;
  float k = shape.x;
  vec2 a = crown.xy + shape.y * shadowShift;
  vec2 b = crown.xy + shape.z * shadowShift;
  vec2 lo = min(a, b) - vec2(r + cellM);
  vec2 hi = max(a, b) + vec2(r + cellM);
  // Vertical axis scaled by k = r/h turns the ellipsoid into a sphere of radius r.
  axis = normalize(vec3(sun.xy, sun.z * k));
  centre = vec3(crown.xy, crown.z * k);
  radius2 = r * r;
  transmissivity = shape.w;
  gl_Position = tileClip(mix(lo, hi, position.xy));
}
`;

export const CROWN_FRAGMENT = /* glsl */ `
precision highp float;
uniform vec2 tileOrigin;
uniform float cellM;
uniform vec4 channel;
flat in vec3 centre;
flat in vec3 axis;
flat in float radius2;
flat in float transmissivity;
out vec4 colour;
void main() {
  vec2 cell = tileOrigin + gl_FragCoord.xy * cellM;
  vec3 w = vec3(centre.xy - cell, centre.z);
  float along = dot(w, axis);
  if (along <= 0.0 || dot(w, w) - along * along >= radius2) discard;
  colour = mix(vec4(1.0), vec4(transmissivity), channel);
}
`;

export const FULL_TILE_VERTEX = /* glsl */ `
precision highp float;
in vec3 position;
void main() { gl_Position = vec4(position.xy, 0.0, 1.0); }
`;

/**
 * hours += Σ over the mask's four channels (steps) of weight · light, light = mask (buildings, crowns)
 * and 0 where tan(sun elevation) is below the cell's terrain horizon: sectors k0/k1 mixed per node,
 * then bilinear between nodes (as horizonTanTowards + sampleNodes in src/sim/shading/terrain-horizon.ts).
 * A channel's terrain test is skipped (`terrainActive` 0) when its sun clears every node's horizon.
 */
export const ACCUMULATE_FRAGMENT = /* glsl */ `
precision highp float;
precision highp sampler2DArray;
uniform sampler2D previous;
uniform sampler2D mask;
uniform vec4 stepWeight;
uniform vec2 tileOrigin;
uniform float cellM;
uniform vec4 terrainActive;
uniform sampler2DArray horizon;
uniform vec2 terrainOrigin;
uniform float terrainCellM;
uniform ivec2 terrainNodes;
uniform ivec4 sector0;
uniform ivec4 sector1;
uniform vec4 sectorMix;
uniform vec4 tanSun;
out vec4 colour;
float horizonAt(ivec2 n, int k0, int k1, float fk) {
  return (1.0 - fk) * texelFetch(horizon, ivec3(n, k0), 0).r + fk * texelFetch(horizon, ivec3(n, k1), 0).r;
}
void main() {
  ivec2 px = ivec2(gl_FragCoord.xy);
  vec4 light = texelFetch(mask, px, 0);
  if (dot(terrainActive, light) > 0.0) {
    vec2 cell = tileOrigin + gl_FragCoord.xy * cellM;
    vec2 uv = clamp((cell - terrainOrigin) / terrainCellM, vec2(0.0), vec2(terrainNodes - 1));
    ivec2 n = min(ivec2(floor(uv)), terrainNodes - 2);
    vec2 f = uv - vec2(n);
    for (int c = 0; c < 4; c++) {
      if (terrainActive[c] == 0.0 || light[c] == 0.0) continue;
      float a = horizonAt(n, sector0[c], sector1[c], sectorMix[c]);
      float b = horizonAt(n + ivec2(1, 0), sector0[c], sector1[c], sectorMix[c]);
      float d = horizonAt(n + ivec2(0, 1), sector0[c], sector1[c], sectorMix[c]);
      float e = horizonAt(n + ivec2(1, 1), sector0[c], sector1[c], sectorMix[c]);
      float h = a + (b - a) * f.x + (d - a) * f.y + (a - b - d + e) * f.x * f.y;
      if (tanSun[c] < h) light[c] = 0.0;
    }
  }
  colour = vec4(texelFetch(previous, px, 0).r + dot(stepWeight, light), 0.0, 0.0, 1.0);
}
`;
