/**
 * Analysis and live layers of the 3D scene, one line per layer, drawn inside the ENU group
 * (x east, y north, z up). Layers read stores only; they never compute physics.
 */
import { ResultLayer } from './result-layer';
import { SensorsLayer } from './sensors-layer';
import { ConsultationPinsLayer } from './consultation-pins-layer';
import { ScenarioSceneLayer } from './split-view';
import { EditToolsLayer } from './edit-tools/edit-tools-layer';

export function AnalysisLayers() {
  return (
    <>
      <ResultLayer />
      <SensorsLayer />
      <ConsultationPinsLayer />
      <ScenarioSceneLayer />
      <EditToolsLayer />
    </>
  );
}
