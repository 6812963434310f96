/**
 * The analysis panels of the right-hand side and the status overlays of the stage, one line per
 * model: each model's panel lives in its own module and is listed here, so adding a model touches
 * one line of this file and nothing else of the page.
 */
import { ResultsPanel } from './result-legend';
import { LiveStatus } from './live-status';
import { SunHoursPanel } from './sun-hours-panel';
import { TrafficPanel } from './traffic-panel';
import { NoisePanel } from './noise-panel';
import { SensorsPanel } from './sensors-panel';
import { AirPanel } from './air-panel';
import { ConsultationPanel } from './consultation/consultation-panel';
import { ScenarioPanel } from './scenario/scenario-panel';

/** Right-hand panels, in reading order under the time panel. */
export function AnalysisPanels() {
  return (
    <>
      <SunHoursPanel />
      <ResultsPanel />
      <TrafficPanel />
      <NoisePanel />
      <AirPanel />
      <SensorsPanel />
      <ConsultationPanel />
      <ScenarioPanel />
    </>
  );
}

/** Banners over the view (outages, running jobs), in addition to the load and import status. */
export function AnalysisOverlays() {
  return <><LiveStatus /></>;
}
