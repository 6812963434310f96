/**
 * The map view (CesiumJS): the same district on the globe, at its true place. Renders only on
 * request (requestRenderMode) and stops its loop while hidden. Switching views carries the
 * camera through the shared camera store (ENU pose ↔ Cesium camera, map-frame.ts).
 */
import { useEffect, useRef, useState } from 'react';
import { Cesium3DTileset, CesiumWidget, defined, PerspectiveFrustum, SceneTransforms, ScreenSpaceEventHandler, ScreenSpaceEventType, type Cartesian2 } from 'cesium';
import 'cesium/Build/Cesium/Widgets/widgets.css';
import { t } from '../i18n';
import { cameraStore, registerCameraSource } from '../state/camera-store';
import { cityStore, useCityStore } from '../state/city-store';
import { layersStore } from '../state/layers-store';
import { selectionStore } from '../state/selection-store';
import { useViewStore, viewStore } from '../state/view-store';
import { TEST_MODE } from '../app/test-mode';
import { districtBounds } from '../twin/district-bounds';
import { buildingRoofCentre } from '../scene/buildings-layer';
import type { TwinTestHooks } from '../scene/test-hooks-api';
import { Vector3 } from 'three';
import { SCENE_FOV_RAD } from '../scene/palette';
import { createBaseLayer, createTerrainProvider } from './base-layers';
import { createDistrictPrimitives, setBuildingColour, type BuildingPickId, type DistrictPrimitives } from './district-primitives';
import { applyPoseToCamera, createMapFrame, poseFromCesiumCamera, type MapFrame } from './map-frame';
import { MapSettings } from './map-settings';

function isBuildingPick(value: unknown): value is BuildingPickId {
  return typeof value === 'object' && value !== null && typeof (value as { building?: unknown }).building === 'number';
}

/**
 * Give Cesium the 3D scene's field of view (45° vertical), so one pose frames the same area in
 * both views. Cesium's `fov` is the horizontal angle when the canvas is wider than tall.
 */
function matchSceneFov(widget: CesiumWidget): void {
  const frustum = widget.camera.frustum;
  if (!(frustum instanceof PerspectiveFrustum)) return;
  const width = widget.canvas.clientWidth;
  const height = widget.canvas.clientHeight;
  if (width === 0 || height === 0) return;
  const aspect = width / height;
  frustum.fov = aspect > 1 ? 2 * Math.atan(Math.tan(SCENE_FOV_RAD / 2) * aspect) : SCENE_FOV_RAD;
}

export default function MapView({ hidden }: { hidden: boolean }) {
  const container = useRef<HTMLDivElement>(null);
  const widgetRef = useRef<CesiumWidget | null>(null);
  const frameRef = useRef<MapFrame | null>(null);
  const primitivesRef = useRef<DistrictPrimitives | null>(null);
  const [widget, setWidget] = useState<CesiumWidget | null>(null);
  const [error, setError] = useState<string | null>(null);
  const city = useCityStore((s) => s.city);
  const imageryUrl = useViewStore((s) => s.imageryUrl);
  const terrainUrl = useViewStore((s) => s.terrainUrl);
  const tilesetUrl = useViewStore((s) => s.tilesetUrl);

  // The widget: created once, destroyed on unmount.
  useEffect(() => {
    if (container.current === null) return;
    let w: CesiumWidget;
    try {
      w = new CesiumWidget(container.current, {
        baseLayer: createBaseLayer(viewStore.getState().imageryUrl),
        requestRenderMode: true,
        maximumRenderTimeChange: Infinity,
        skyBox: false,
        contextOptions: { webgl: { preserveDrawingBuffer: TEST_MODE, alpha: false } },
      });
    } catch (e) {
      setError((e as Error).message);
      return;
    }
    w.scene.globe.depthTestAgainstTerrain = false;
    w.scene.globe.enableLighting = false;
    widgetRef.current = w;
    setWidget(w);
    const handler = new ScreenSpaceEventHandler(w.scene.canvas);
    handler.setInputAction((click: { position: Cartesian2 }) => {
      const picked: unknown = w.scene.pick(click.position);
      const id = defined(picked) ? (picked as { id?: unknown }).id : undefined;
      selectionStore.getState().select(isBuildingPick(id) ? id.building : -1);
    }, ScreenSpaceEventType.LEFT_CLICK);
    const unregister = registerCameraSource('map', () => {
      const frame = frameRef.current;
      if (frame === null) return null;
      const previous = cameraStore.getState().pose;
      return poseFromCesiumCamera(w.camera, frame, previous?.target[2] ?? 0, previous?.distanceM ?? 500);
    });
    return () => {
      unregister();
      handler.destroy();
      w.destroy();
      widgetRef.current = null;
      setWidget(null);
    };
  }, []);

  // Test builds: where a building's roof centre is on the map (for clicking it in e2e tests).
  useEffect(() => {
    if (!TEST_MODE || widget === null) return;
    const project = (id: string): { x: number; y: number } | null => {
      const city = cityStore.getState().city;
      const frame = frameRef.current;
      if (city === null || frame === null) return null;
      const i = city.buildings.id.indexOf(id);
      if (i < 0) return null;
      const c = buildingRoofCentre(city.buildings, i, new Vector3());
      const p = SceneTransforms.worldToWindowCoordinates(widget.scene, frame.toCartesian(c.x, c.y, c.z - 0.5));
      if (p === undefined) return null;
      const rect = widget.canvas.getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    };
    // The scene's test hooks fill in the rest of the object.
    const hooks = (window.__twinTest ??= { frames: 0 } as TwinTestHooks);
    hooks.projectBuildingOnMap = project;
    return () => {
      delete hooks.projectBuildingOnMap;
    };
  }, [widget]);

  // Imagery.
  useEffect(() => {
    if (widget === null) return;
    const layers = widget.scene.imageryLayers;
    layers.removeAll(true);
    layers.add(createBaseLayer(imageryUrl), 0);
    widget.scene.requestRender();
  }, [widget, imageryUrl]);

  // Terrain, then the district on it (heights depend on whether the terrain is real).
  useEffect(() => {
    if (widget === null || city === null) return;
    let cancelled = false;
    const primitives = widget.scene.primitives;
    void (async () => {
      try {
        widget.scene.terrainProvider = await createTerrainProvider(terrainUrl);
      } catch (e) {
        setError(`${terrainUrl}: ${(e as Error).message}`);
      }
      if (cancelled) return;
      const frame = createMapFrame(city.origin, terrainUrl.trim() !== '');
      frameRef.current = frame;
      const created = createDistrictPrimitives(city, frame);
      primitivesRef.current = created;
      for (const p of [created.ground, created.roads, created.buildings?.primitive ?? null, created.trees]) if (p !== null) primitives.add(p);
      // A building selected before the map opened: colour it once the primitive is ready.
      const buildings = created.buildings;
      if (buildings !== null) {
        const remove = widget.scene.postRender.addEventListener(() => {
          if (!buildings.primitive.ready) return;
          remove();
          setBuildingColour(buildings, selectionStore.getState().selectedBuilding, true);
          widget.scene.requestRender();
        });
      }
      applyLayers();
      const bounds = districtBounds(city);
      const pose = cameraStore.getState().pose ?? { target: [bounds.centreX, bounds.centreY, 0], headingRad: 0, pitchRad: -0.6, distanceM: bounds.radiusM * 2 };
      matchSceneFov(widget);
      applyPoseToCamera(widget.camera, frame, pose);
      widget.scene.requestRender();
    })();
    return () => {
      cancelled = true;
      const created = primitivesRef.current;
      primitivesRef.current = null;
      if (created !== null && !widget.isDestroyed()) for (const p of [created.ground, created.roads, created.buildings?.primitive ?? null, created.trees]) if (p !== null) primitives.remove(p);
    };
  }, [widget, city, terrainUrl]);

  // 3D Tiles context layer.
  useEffect(() => {
    if (widget === null || tilesetUrl.trim() === '') return;
    let tileset: Cesium3DTileset | null = null;
    let cancelled = false;
    Cesium3DTileset.fromUrl(tilesetUrl.trim())
      .then((ts) => {
        if (cancelled || widget.isDestroyed()) return;
        tileset = widget.scene.primitives.add(ts) as Cesium3DTileset;
        tileset.show = layersStore.getState().visible.tileset;
        widget.scene.requestRender();
      })
      .catch((e: unknown) => setError(`${tilesetUrl}: ${(e as Error).message}`));
    // The 'tileset' layer toggle (shared with the 3D view).
    const unsubscribe = layersStore.subscribe((state) => {
      if (tileset === null || widget.isDestroyed()) return;
      tileset.show = state.visible.tileset;
      widget.scene.requestRender();
    });
    return () => {
      cancelled = true;
      unsubscribe();
      if (tileset !== null && !widget.isDestroyed()) widget.scene.primitives.remove(tileset);
    };
  }, [widget, tilesetUrl]);

  function applyLayers(): void {
    const w = widgetRef.current;
    const p = primitivesRef.current;
    if (w === null || p === null) return;
    const { visible } = layersStore.getState();
    if (p.buildings !== null) p.buildings.primitive.show = visible.buildings;
    if (p.roads !== null) p.roads.show = visible.roads;
    if (p.ground !== null) p.ground.show = visible.terrain;
    if (p.trees !== null) p.trees.show = visible.trees;
    w.scene.requestRender();
  }

  // Layers and selection follow the stores.
  useEffect(() => layersStore.subscribe(applyLayers), []);
  useEffect(
    () =>
      selectionStore.subscribe((s, prev) => {
        const buildings = primitivesRef.current?.buildings;
        if (buildings === null || buildings === undefined || s.selectedBuilding === prev.selectedBuilding) return;
        setBuildingColour(buildings, prev.selectedBuilding, false);
        setBuildingColour(buildings, s.selectedBuilding, true);
        widgetRef.current?.scene.requestRender();
      }),
    [],
  );

  // Shown: take the camera from the scene; hidden: stop the render loop.
  useEffect(() => {
    const w = widget;
    if (w === null) return;
    w.useDefaultRenderLoop = !hidden;
    if (!hidden) {
      w.resize();
      matchSceneFov(w);
      const frame = frameRef.current;
      const pose = cameraStore.getState().pose;
      if (frame !== null && pose !== null) applyPoseToCamera(w.camera, frame, pose);
      w.scene.requestRender();
    }
  }, [hidden, widget]);

  return (
    <div className="map-view" hidden={hidden} data-testid="map-view" aria-label={cityStore.getState().city?.name ?? ''}>
      <div className="map-container" ref={container} />
      <MapSettings />
      {error !== null && (
        <div className="notice notice-error map-error" role="alert">
          {t('map.error', { message: error })}
        </div>
      )}
    </div>
  );
}
