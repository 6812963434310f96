/**
 * BPR link performance functions (Bureau of Public Roads, Traffic Assignment Manual, 1964) and
 * the Beckmann objective (Beckmann, McGuire & Winsten 1956), in the units of the network.
 *
 *   t(v)  = fft + alpha · v^p,              alpha = fft · b / capacity^p
 *   t'(v) = alpha · p · v^(p − 1)
 *   ∫₀^v t = fft · v + alpha · v^(p + 1) / (p + 1)
 * Generalized cost c(v) = t(v) + fixedCost (toll and length weighted by the TNTP factors).
 */
import type { TrafficNetwork } from './road-graph';

/** v^p for v ≥ 0, with the classic p = 4 without Math.pow. */
export function powFlow(v: number, p: number): number {
  if (p === 4) {
    const v2 = v * v;
    return v2 * v2;
  }
  if (p === 1) return v;
  if (p === 0) return 1;
  return Math.pow(v, p);
}

/** Travel time of link a at flow v (network time unit). */
export function linkTime(net: TrafficNetwork, a: number, v: number): number {
  const alpha = net.alpha[a] as number;
  const fft = net.freeFlowTime[a] as number;
  return alpha === 0 ? fft : fft + alpha * powFlow(v > 0 ? v : 0, net.power[a] as number);
}

/** Generalized cost of link a at flow v (time unit): travel time + toll and length terms. */
export function linkCost(net: TrafficNetwork, a: number, v: number): number {
  return linkTime(net, a, v) + (net.fixedCost[a] as number);
}

/** dc/dv of link a at flow v (time unit per vehicle); 0 on constant-cost links. */
export function linkCostDerivative(net: TrafficNetwork, a: number, v: number): number {
  const alpha = net.alpha[a] as number;
  if (alpha === 0) return 0;
  const p = net.power[a] as number;
  if (p === 4) return 4 * alpha * v * v * v;
  if (p === 1) return alpha;
  return v > 0 ? alpha * p * Math.pow(v, p - 1) : 0;
}

/** Fills `out[a]` with the generalized cost of every link at `flow`. */
export function computeLinkCosts(net: TrafficNetwork, flow: Float64Array, out: Float64Array): Float64Array {
  for (let a = 0; a < net.linkCount; a++) out[a] = linkCost(net, a, flow[a] as number);
  return out;
}

/** Beckmann objective Σ_a ∫₀^{v_a} c_a(x) dx with generalized cost (network time × vehicles). */
export function beckmannObjective(net: TrafficNetwork, flow: Float64Array): number {
  let z = 0;
  for (let a = 0; a < net.linkCount; a++) {
    const v = flow[a] as number;
    if (v === 0) continue;
    const alpha = net.alpha[a] as number;
    const p = net.power[a] as number;
    z += ((net.freeFlowTime[a] as number) + (net.fixedCost[a] as number)) * v;
    if (alpha !== 0) z += (alpha * powFlow(v, p) * v) / (p + 1);
  }
  return z;
}

/** Σ v_a · perVehicle(a, v_a) over the loaded links. */
function sumOverFlow(net: TrafficNetwork, flow: Float64Array, perVehicle: (net: TrafficNetwork, a: number, v: number) => number): number {
  let s = 0;
  for (let a = 0; a < net.linkCount; a++) {
    const v = flow[a] as number;
    if (v !== 0) s += v * perVehicle(net, a, v);
  }
  return s;
}

/** Total system travel time Σ v_a · t_a(v_a), time only (no toll or length terms). */
export function totalTravelTime(net: TrafficNetwork, flow: Float64Array): number {
  return sumOverFlow(net, flow, linkTime);
}

/** Σ v_a · c_a(v_a): total generalized cost (equals totalTravelTime when both factors are 0). */
export function totalGeneralizedCost(net: TrafficNetwork, flow: Float64Array): number {
  return sumOverFlow(net, flow, linkCost);
}
