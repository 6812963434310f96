/**
 * Building material: MeshStandardMaterial plus a per-vertex `buildingIndex` attribute, tinted in
 * the shader when the index equals the hovered or the selected building, so highlighting one
 * building among 100 000 costs two uniform writes and no buffer upload. The same index reads the
 * hidden-buildings flags (hidden-buildings.ts): a base building that a shown edit removes or
 * changes is not drawn, neither in colour nor in the sun's shadow map (`createBuildingDepthMaterial`,
 * the mesh's customDepthMaterial), so the edit layers' new shape or ghost is what one sees.
 */
import { Color, MeshDepthMaterial, MeshStandardMaterial, type WebGLProgramParametersWithUniforms } from 'three';
import { BUILDING_COLOUR, BUILDING_HOVER_COLOUR, BUILDING_SELECTED_COLOUR } from './palette';
import { HIDDEN_VERTEX_MAIN, HIDDEN_VERTEX_PARS, type HiddenBuildingsUniforms } from './hidden-buildings';

export interface BuildingMaterial extends MeshStandardMaterial {
  setHighlight(hovered: number, selected: number): void;
}

/** Adds the hidden-buildings test to a built-in material's vertex shader. */
function injectHiding(shader: WebGLProgramParametersWithUniforms, hidden: HiddenBuildingsUniforms): void {
  Object.assign(shader.uniforms, hidden);
  shader.vertexShader = shader.vertexShader
    .replace('#include <common>', `#include <common>\n${HIDDEN_VERTEX_PARS}`)
    .replace('#include <project_vertex>', `#include <project_vertex>\n${HIDDEN_VERTEX_MAIN}`);
}

export function createBuildingMaterial(hidden: HiddenBuildingsUniforms): BuildingMaterial {
  const uniforms = {
    hoveredBuilding: { value: -1 },
    selectedBuilding: { value: -1 },
    hoverColour: { value: new Color(BUILDING_HOVER_COLOUR) },
    selectedColour: { value: new Color(BUILDING_SELECTED_COLOUR) },
  };
  const material = new MeshStandardMaterial({ color: BUILDING_COLOUR, roughness: 0.85, metalness: 0 }) as BuildingMaterial;
  material.onBeforeCompile = (shader) => {
    Object.assign(shader.uniforms, uniforms);
    injectHiding(shader, hidden);
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', '#include <common>\nuniform float hoveredBuilding;\nuniform float selectedBuilding;\nvarying float vHighlight;')
      .replace('#include <begin_vertex>', '#include <begin_vertex>\nvHighlight = abs(buildingIndex - selectedBuilding) < 0.5 ? 2.0 : (abs(buildingIndex - hoveredBuilding) < 0.5 ? 1.0 : 0.0);');
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', '#include <common>\nuniform vec3 hoverColour;\nuniform vec3 selectedColour;\nvarying float vHighlight;')
      .replace('#include <color_fragment>', '#include <color_fragment>\nif (vHighlight > 1.5) diffuseColor.rgb = selectedColour; else if (vHighlight > 0.5) diffuseColor.rgb = hoverColour;');
  };
  material.customProgramCacheKey = () => 'civic-twin-building-hiding';
  material.setHighlight = (hovered, selected) => {
    uniforms.hoveredBuilding.value = hovered;
    uniforms.selectedBuilding.value = selected;
  };
  return material;
}

/**
 * Depth material for the buildings' shadow pass (directional sun): three's default depth
 * material (basic packing) with the same hiding, so a hidden building casts no shadow.
 */
export function createBuildingDepthMaterial(hidden: HiddenBuildingsUniforms): MeshDepthMaterial {
  const material = new MeshDepthMaterial();
  material.onBeforeCompile = (shader) => injectHiding(shader, hidden);
  material.customProgramCacheKey = () => 'civic-twin-building-depth-hiding';
  return material;
}
