/**
 * Runs a parsed CALINE3 job the way the CALINE3 program reports it: per meteorological condition,
 * per receptor the total (ambient + Σ links) and each link's contribution, in ppm of CO (molar mass
 * 28 g/mol, CALINE3's pollutant) unless another molar mass is given.
 */
import { Caline3Dispersion, Caline3Links, lineSourceUgPerMS, ugPerM3ToPpm } from './caline3';
import type { Caline3Job } from './caline3-input';

export interface Caline3ReceptorResult {
  receptor: string;
  xM: number;
  yM: number;
  zM: number;
  totalPpm: number;
  ambientPpm: number;
  /** Contribution of each link, in the job's link order. */
  linkPpm: number[];
}

export interface Caline3MetResult {
  met: number;
  windSpeedMPerS: number;
  windFromDeg: number;
  stability: number;
  mixingHeightM: number;
  receptors: Caline3ReceptorResult[];
}

export interface Caline3JobResult {
  job: string;
  run: string;
  links: string[];
  mets: Caline3MetResult[];
}

export const CO_MOLAR_MASS_G_PER_MOL = 28;

export function runCaline3Job(job: Caline3Job, molarMassGPerMol = CO_MOLAR_MASS_G_PER_MOL): Caline3JobResult {
  const links = Caline3Links.from(job.links);
  const strengths = job.links.map((l) => lineSourceUgPerMS(l.vehiclesPerHour, l.emissionFactorGPerMile));
  const site = {
    averagingTimeMin: job.averagingTimeMin,
    roughnessCm: job.roughnessCm,
    settlingVelocityCmPerS: job.settlingVelocityCmPerS,
    depositionVelocityCmPerS: job.depositionVelocityCmPerS,
  };
  const mets = job.mets.map((met, m): Caline3MetResult => {
    const model = new Caline3Dispersion(links, site, met);
    const receptors = job.receptors.map((r): Caline3ReceptorResult => {
      const linkPpm = strengths.map((q, i) => ugPerM3ToPpm(q * model.unitConcentration(i, r.xM, r.yM, r.zM), molarMassGPerMol));
      const sum = linkPpm.reduce((a, b) => a + b, 0);
      return { receptor: r.name, xM: r.xM, yM: r.yM, zM: r.zM, totalPpm: met.ambientPpm + sum, ambientPpm: met.ambientPpm, linkPpm };
    });
    return { met: m + 1, windSpeedMPerS: met.windSpeedMPerS, windFromDeg: met.windFromDeg, stability: met.stability, mixingHeightM: met.mixingHeightM, receptors };
  });
  return { job: job.title, run: job.runTitle, links: job.links.map((l) => l.name), mets };
}
