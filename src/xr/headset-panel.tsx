/**
 * The in-headset panel (3D, not a DOM overlay), carried with the viewer: the variants to switch
 * between, what the shown map means in plain words, the consultation's rating, preference and
 * quick reactions (pinned where the viewer stands), the time of day for shadows, the viewing
 * modes, and "what am I looking at" for the building under the pointer. Every text is in the
 * participant's language.
 */
import type { ReactElement } from 'react';
import { useThree } from '@react-three/fiber';
import { Vector3 } from 'three';
import { formatNumber, t, type MessageKey } from '../i18n';
import { KPI_DEFINITIONS } from '../scenario/kpis';
import { variantOutcome } from '../app/consultation-variants';
import type { ScenarioSummary } from '../app/scenario-outcome';
import { BASELINE_ID, useScenarioStore } from '../state/scenario-store';
import { inLanguage, QUICK_REACTIONS } from '../app/consultation-api';
import { chooseVariant, pinAt, rateVariant, sendPinnedComment, showVariant } from '../app/consultation-session';
import { useConsultationStore } from '../state/consultation-store';
import { useCityStore } from '../state/city-store';
import { useSelectionStore } from '../state/selection-store';
import { shownResult, useResultsStore } from '../state/results-store';
import { timeStore, useTimeStore } from '../state/time-store';
import { BUILDING_USES } from '../twin/city-model';
import { groundHeightAt } from '../scene/ground-height';
import { threeToEnu } from '../scene/enu-axes';
import { formatMinuteOfDay } from '../ui/time-panel';
import { variantLabel } from '../ui/consultation/variant-label';
import { HeadsetButton, HeadsetText } from './headset-button';
import { immersiveStore, useImmersiveStore } from './xr-session';

const PANEL_WIDTH_M = 0.78;
/** The outcomes a participant hears about in the headset, in plain words (KPI_DEFINITIONS has all). */
const HEADSET_KPIS = ['residentsLden55', 'no2PopulationWeighted', 'sunOpenShare2h', 'travelTime'] as const;

/** The variant's description and its main KPIs in words, with the change from today (the baseline). */
function variantInWords(variant: string, outcome: ScenarioSummary | null, baseline: ScenarioSummary | null, description: string): string[] {
  if (outcome === null) return [t('xr.variantPreparing')];
  const lines = description === '' ? [] : [description];
  for (const id of HEADSET_KPIS) {
    const def = KPI_DEFINITIONS.find((d) => d.id === id);
    const value = outcome.kpis[id];
    if (def === undefined || value === null) continue;
    const label = t(`xr.kpi.${id}` as MessageKey);
    const before = baseline?.kpis[id] ?? null;
    const shown = formatNumber(value, def.decimals);
    if (variant === BASELINE_ID || before === null) lines.push(t('xr.kpi.lineBaseline', { label, value: shown, unit: def.unit }));
    else {
      const change = value - before;
      lines.push(t('xr.kpi.line', { label, value: shown, unit: def.unit, change: `${change > 0 ? '+' : change < 0 ? '−' : '±'}${formatNumber(Math.abs(change), def.decimals)}` }));
    }
  }
  return lines;
}
const ROW_M = 0.085;
/** Pins from the headset go a step ahead of the viewer's feet, m. */
const PIN_AHEAD_M = 2;

function useLookingAt(): string {
  const city = useCityStore((s) => s.city);
  const hovered = useSelectionStore((s) => s.hoveredBuilding);
  if (city === null || hovered < 0) return t('xr.lookingAtNothing');
  const b = city.buildings;
  return t('xr.lookingAt', { id: b.id[hovered] ?? '', height: Math.round(b.heightM[hovered] ?? 0), use: t(`xr.use.${BUILDING_USES[b.use[hovered] ?? 0] ?? 'unknown'}` as MessageKey), residents: Math.round(b.residents[hovered] ?? 0) });
}

export function HeadsetPanel() {
  const gl = useThree((s) => s.gl);
  const consultation = useConsultationStore((s) => s.consultation);
  const language = useConsultationStore((s) => s.language);
  const variant = useConsultationStore((s) => s.variant);
  const ratings = useConsultationStore((s) => s.ratings);
  const choices = useConsultationStore((s) => s.choices);
  const joined = useConsultationStore((s) => s.token !== null);
  const notice = useConsultationStore((s) => s.notice);
  const result = useResultsStore(shownResult);
  const minute = useTimeStore((s) => Math.round(s.minuteOfDay));
  const mode = useImmersiveStore((s) => s.mode);
  const seated = useImmersiveStore((s) => s.seated);
  const vignette = useImmersiveStore((s) => s.vignette);
  const lookingAt = useLookingAt();
  const description = useScenarioStore((s) => s.list?.find((item) => item.id === variant)?.description ?? '');
  const outcome = useScenarioStore((s) => (variant === null ? null : s.runs[variant]?.status === 'done' ? variantOutcome(variant) : null));
  const baselineOutcome = useScenarioStore((s) => (s.runs[BASELINE_ID]?.status === 'done' ? variantOutcome(BASELINE_ID) : null));
  const ratingQuestion = consultation?.questions.find((q) => q.kind === 'rating');
  const choiceQuestion = consultation?.questions.find((q) => q.kind === 'choice');
  const variants = consultation?.variants ?? [];

  const pinReaction = (reaction: (typeof QUICK_REACTIONS)[number]) => {
    const camera = gl.xr.getCamera();
    const ahead = new Vector3(0, 0, -PIN_AHEAD_M).applyQuaternion(camera.quaternion).add(camera.position);
    const [x, y] = threeToEnu(ahead);
    pinAt(x, y, groundHeightAt(x, y, 0) + 1.5);
    void sendPinnedComment({ reaction });
  };

  const rows: ReactElement[] = [];
  let row = 0;
  const y = () => -row * ROW_M;
  rows.push(<HeadsetText key="title" name="xr-title" text={consultation === null ? t('xr.title') : inLanguage(consultation.title, language)} widthM={PANEL_WIDTH_M} heightM={ROW_M * 0.9} position={[0, y(), 0]} fontScale={0.36} />);
  row++;
  if (variants.length > 0 && variant !== null) {
    const w = Math.min(0.25, (PANEL_WIDTH_M - 0.02 * (variants.length - 1)) / variants.length);
    variants.forEach((v, k) => rows.push(<HeadsetButton key={`v-${v}`} name={`xr-variant-${v}`} label={variantLabel(v)} widthM={w} heightM={ROW_M * 0.8} position={[-PANEL_WIDTH_M / 2 + w / 2 + k * (w + 0.02), y(), 0]} active={v === variant} onPress={() => showVariant(v)} />));
    row++;
  }
  const mapWords = result === null ? t('xr.noMap') : t('xr.mapShown', { title: result.title, unit: result.legend.unit });
  const variantWords = variant === null ? [] : variantInWords(variant, outcome, baselineOutcome, description);
  rows.push(<HeadsetText key="kpi" name="xr-kpis" text={[...variantWords, mapWords].join('\n')} widthM={PANEL_WIDTH_M} heightM={ROW_M * 2.6} position={[0, y() - ROW_M * 0.8, 0]} fontScale={0.22} />);
  row += 2.7;
  if (joined && variant !== null && ratingQuestion !== undefined) {
    rows.push(<HeadsetText key="rq" text={inLanguage(ratingQuestion.text, language)} widthM={PANEL_WIDTH_M} heightM={ROW_M * 0.8} position={[0, y(), 0]} />);
    row++;
    const mine = ratings[`${ratingQuestion.id}:${variant}`];
    for (let n = 1; n <= 5; n++) {
      rows.push(<HeadsetButton key={`r-${n}`} name={`xr-rate-${n}`} label={String(n)} widthM={0.13} heightM={ROW_M * 0.8} position={[-PANEL_WIDTH_M / 2 + 0.065 + (n - 1) * 0.16, y(), 0]} active={mine === n} onPress={() => void rateVariant(ratingQuestion.id, variant, n)} />);
    }
    row++;
  }
  if (joined && variant !== null && choiceQuestion !== undefined) {
    rows.push(<HeadsetButton key="prefer" name="xr-prefer" label={t('consultation.prefer')} widthM={PANEL_WIDTH_M} heightM={ROW_M * 0.8} position={[0, y(), 0]} active={choices[choiceQuestion.id] === variant} onPress={() => void chooseVariant(choiceQuestion.id, variant)} />);
    row++;
  }
  if (joined && variant !== null) {
    const w = (PANEL_WIDTH_M - 0.04) / 3;
    QUICK_REACTIONS.forEach((r, k) => {
      const col = k % 3;
      const line = Math.floor(k / 3);
      rows.push(<HeadsetButton key={`q-${r}`} name={`xr-reaction-${r}`} label={t(`consultation.reaction.${r}` as MessageKey)} widthM={w} heightM={ROW_M * 0.7} position={[-PANEL_WIDTH_M / 2 + w / 2 + col * (w + 0.02), y() - line * ROW_M * 0.8, 0]} onPress={() => pinReaction(r)} />);
    });
    row += 1.8;
  }
  rows.push(<HeadsetButton key="t-" name="xr-time-back" label="−1 h" widthM={0.18} heightM={ROW_M * 0.8} position={[-0.3, y(), 0]} onPress={() => timeStore.getState().setMinuteOfDay(timeStore.getState().minuteOfDay - 60)} />);
  rows.push(<HeadsetText key="time" name="xr-time" text={t('xr.time', { time: formatMinuteOfDay(minute) })} widthM={0.36} heightM={ROW_M * 0.8} position={[0, y(), 0]} fontScale={0.4} />);
  rows.push(<HeadsetButton key="t+" name="xr-time-forward" label="+1 h" widthM={0.18} heightM={ROW_M * 0.8} position={[0.3, y(), 0]} onPress={() => timeStore.getState().setMinuteOfDay(timeStore.getState().minuteOfDay + 60)} />);
  row++;
  const modeButtons: [string, string, boolean, () => void][] = [
    ['xr-mode-street', t('xr.street'), mode === 'street', () => immersiveStore.getState().setMode('street')],
    ['xr-mode-tabletop', t('xr.tabletop'), mode === 'tabletop', () => immersiveStore.getState().setMode('tabletop')],
    ['xr-seated', t('xr.seated'), seated, () => immersiveStore.getState().setSeated(!seated)],
    ['xr-vignette', t('xr.vignette'), vignette, () => immersiveStore.getState().setVignette(!vignette)],
  ];
  const mw = (PANEL_WIDTH_M - 0.06) / 4;
  modeButtons.forEach(([name, label, active, press], k) => rows.push(<HeadsetButton key={name} name={name} label={label} widthM={mw} heightM={ROW_M * 0.7} position={[-PANEL_WIDTH_M / 2 + mw / 2 + k * (mw + 0.02), y(), 0]} active={active} onPress={press} />));
  row++;
  rows.push(<HeadsetText key="look" name="xr-looking-at" text={lookingAt} widthM={PANEL_WIDTH_M} heightM={ROW_M * 0.9} position={[0, y(), 0]} />);
  row++;
  const status = notice.kind === 'saved' ? t(notice.messageKey as MessageKey) : notice.kind === 'error' ? t('consultation.error', { title: notice.title, detail: notice.detail }) : notice.kind === 'busy' ? t('consultation.busy') : '';
  if (status !== '') rows.push(<HeadsetText key="notice" name="xr-notice" text={status} widthM={PANEL_WIDTH_M} heightM={ROW_M * 0.8} position={[0, y(), 0]} />);
  // Left of straight ahead at chest height, turned towards the viewer.
  return (
    <group name="headset-panel" position={[-0.45, 1.55, -0.7]} rotation={[-0.2, 0.45, 0]}>
      {rows}
    </group>
  );
}
