/**
 * Reader for the CALINE3 card input (EPA CALINE3 User's Guide, Benson 1979 / EPA 1986 update,
 * "Input format"; the CALINE3.EXP example). Fixed columns per card, Fortran F/I/A fields (a blank
 * numeric field reads as 0; a field without a decimal point reads as its integer value):
 *
 *   JOB      A40 title, ATIM F4 (min), Z0 F4 (cm), VS F5 (cm/s), VD F5 (cm/s), NR I2, SCAL F10 (m/unit)
 *   RECEPTOR A20 name, XR F10, YR F10, ZR F10 (× SCAL → m)                       — NR cards
 *   RUN      A40 title, NL I3, NM I3
 *   LINK     A20 name, TYP A2 (AG/BR/FL/DP), XL1 YL1 XL2 YL2 F7 (× SCAL), VPHL F8 (veh/h),
 *            EFL F4 (g/mile), HL F4 (m × SCAL), WL F4 (mixing-zone width, m × SCAL)  — NL cards
 *   MET      U F3 (m/s), BRG F4 (deg, wind FROM), CLAS I1 (1…6 = A…F), MIXH F6 (m), AMB F4 (ppm) — NM cards
 *
 * Jobs follow one another to the end of the text. Errors name the line number and the card field.
 */
import { parseStabilityClass, type StabilityClass } from './stability-class';

export type Caline3LinkType = 'AG' | 'BR' | 'FL' | 'DP';

export interface Caline3Receptor {
  name: string;
  xM: number;
  yM: number;
  zM: number;
}

export interface Caline3CardLink {
  name: string;
  type: Caline3LinkType;
  x1M: number;
  y1M: number;
  x2M: number;
  y2M: number;
  vehiclesPerHour: number;
  emissionFactorGPerMile: number;
  heightM: number;
  mixingZoneWidthM: number;
}

export interface Caline3CardMet {
  windSpeedMPerS: number;
  windFromDeg: number;
  stability: StabilityClass;
  mixingHeightM: number;
  ambientPpm: number;
}

export interface Caline3Job {
  title: string;
  runTitle: string;
  averagingTimeMin: number;
  roughnessCm: number;
  settlingVelocityCmPerS: number;
  depositionVelocityCmPerS: number;
  scaleM: number;
  receptors: Caline3Receptor[];
  links: Caline3CardLink[];
  mets: Caline3CardMet[];
  /** 1-based line number of the JOB card in the source text. */
  line: number;
}

const LINK_TYPES: readonly Caline3LinkType[] = ['AG', 'BR', 'FL', 'DP'];

class CardReader {
  private index = 0;
  constructor(
    private readonly lines: string[],
    private readonly source: string,
  ) {}
  get lineNumber(): number {
    return this.index;
  }
  hasMore(): boolean {
    while (this.index < this.lines.length && (this.lines[this.index] ?? '').trim() === '') this.index++;
    return this.index < this.lines.length;
  }
  next(card: string): string {
    if (this.index >= this.lines.length) throw new Error(`${this.source}: unexpected end of input, expected a ${card} card after line ${this.index}`);
    return this.lines[this.index++] ?? '';
  }
  where(card: string, field: string): string {
    return `${this.source} line ${this.index} (${card} card, ${field})`;
  }
}

function field(line: string, start: number, width: number): string {
  return line.slice(start, start + width);
}

/** Fortran Fw.0 read: blank → 0, otherwise a decimal number. */
function real(reader: CardReader, line: string, start: number, width: number, card: string, name: string): number {
  const text = field(line, start, width).trim();
  if (text === '') return 0;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([EeDd][+-]?\d+)?$/.test(text)) throw new Error(`${reader.where(card, name)}: '${text}' in columns ${start + 1}-${start + width} is not a number`);
  return Number(text.replace(/[Dd]/, 'E'));
}

function integer(reader: CardReader, line: string, start: number, width: number, card: string, name: string): number {
  const text = field(line, start, width).trim();
  if (text === '') return 0;
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`${reader.where(card, name)}: '${text}' in columns ${start + 1}-${start + width} is not an integer`);
  return Number(text);
}

/** Parses every job of a CALINE3 card deck; `source` names the file in error messages. */
export function parseCaline3Input(text: string, source = 'CALINE3 input'): Caline3Job[] {
  const reader = new CardReader(text.replace(/\r\n?/g, '\n').split('\n'), source);
  const jobs: Caline3Job[] = [];
  while (reader.hasMore()) {
    const jobLine = reader.next('JOB');
    const line = reader.lineNumber;
    const title = field(jobLine, 0, 40).trim();
    const averagingTimeMin = real(reader, jobLine, 40, 4, 'JOB', 'ATIM');
    const roughnessCm = real(reader, jobLine, 44, 4, 'JOB', 'Z0');
    const settlingVelocityCmPerS = real(reader, jobLine, 48, 5, 'JOB', 'VS');
    const depositionVelocityCmPerS = real(reader, jobLine, 53, 5, 'JOB', 'VD');
    const nr = integer(reader, jobLine, 58, 2, 'JOB', 'NR');
    const scaleM = real(reader, jobLine, 60, 10, 'JOB', 'SCAL');
    if (!(averagingTimeMin > 0)) throw new Error(`${reader.where('JOB', 'ATIM')}: averaging time must be > 0 min`);
    if (!(roughnessCm > 0)) throw new Error(`${reader.where('JOB', 'Z0')}: surface roughness must be > 0 cm`);
    if (!(nr >= 1)) throw new Error(`${reader.where('JOB', 'NR')}: at least one receptor is required, got ${nr}`);
    if (!(scaleM > 0)) throw new Error(`${reader.where('JOB', 'SCAL')}: scale factor must be > 0`);
    const receptors: Caline3Receptor[] = [];
    for (let i = 0; i < nr; i++) {
      const r = reader.next(`RECEPTOR ${i + 1}`);
      const card = `RECEPTOR ${i + 1}`;
      receptors.push({
        name: field(r, 0, 20).trim(),
        xM: scaleM * real(reader, r, 20, 10, card, 'XR'),
        yM: scaleM * real(reader, r, 30, 10, card, 'YR'),
        zM: scaleM * real(reader, r, 40, 10, card, 'ZR'),
      });
    }
    const runLine = reader.next('RUN');
    const runTitle = field(runLine, 0, 40).trim();
    const nl = integer(reader, runLine, 40, 3, 'RUN', 'NL');
    const nm = integer(reader, runLine, 43, 3, 'RUN', 'NM');
    if (!(nl >= 1)) throw new Error(`${reader.where('RUN', 'NL')}: at least one link is required, got ${nl}`);
    if (!(nm >= 1)) throw new Error(`${reader.where('RUN', 'NM')}: at least one meteorological condition is required, got ${nm}`);
    const links: Caline3CardLink[] = [];
    for (let i = 0; i < nl; i++) {
      const card = `LINK ${i + 1}`;
      const l = reader.next(card);
      const type = field(l, 20, 2).trim().toUpperCase() as Caline3LinkType;
      if (!LINK_TYPES.includes(type)) throw new Error(`${reader.where(card, 'TYP')}: link type '${field(l, 20, 2)}' must be AG, BR, FL or DP`);
      const link: Caline3CardLink = {
        name: field(l, 0, 20).trim(),
        type,
        x1M: scaleM * real(reader, l, 22, 7, card, 'XL1'),
        y1M: scaleM * real(reader, l, 29, 7, card, 'YL1'),
        x2M: scaleM * real(reader, l, 36, 7, card, 'XL2'),
        y2M: scaleM * real(reader, l, 43, 7, card, 'YL2'),
        vehiclesPerHour: real(reader, l, 50, 8, card, 'VPHL'),
        emissionFactorGPerMile: real(reader, l, 58, 4, card, 'EFL'),
        heightM: scaleM * real(reader, l, 62, 4, card, 'HL'),
        mixingZoneWidthM: scaleM * real(reader, l, 66, 4, card, 'WL'),
      };
      if (!(link.mixingZoneWidthM > 0)) throw new Error(`${reader.where(card, 'WL')}: mixing-zone width must be > 0 m`);
      if (Math.hypot(link.x2M - link.x1M, link.y2M - link.y1M) === 0) throw new Error(`${reader.where(card, 'XL1…YL2')}: link '${link.name}' has zero length`);
      links.push(link);
    }
    const mets: Caline3CardMet[] = [];
    for (let i = 0; i < nm; i++) {
      const card = `MET ${i + 1}`;
      const m = reader.next(card);
      const windSpeedMPerS = real(reader, m, 0, 3, card, 'U');
      if (!(windSpeedMPerS > 0)) throw new Error(`${reader.where(card, 'U')}: wind speed must be > 0 m/s`);
      const cls = integer(reader, m, 7, 1, card, 'CLAS');
      const mixingHeightM = real(reader, m, 8, 6, card, 'MIXH');
      if (!(mixingHeightM > 0)) throw new Error(`${reader.where(card, 'MIXH')}: mixing height must be > 0 m`);
      mets.push({
        windSpeedMPerS,
        windFromDeg: real(reader, m, 3, 4, card, 'BRG'),
        stability: parseStabilityClass(cls, reader.where(card, 'CLAS')),
        mixingHeightM,
        ambientPpm: real(reader, m, 14, 4, card, 'AMB'),
      });
    }
    jobs.push({ title, runTitle, averagingTimeMin, roughnessCm, settlingVelocityCmPerS, depositionVelocityCmPerS, scaleM, receptors, links, mets, line });
  }
  if (jobs.length === 0) throw new Error(`${source}: no JOB card found`);
  return jobs;
}
