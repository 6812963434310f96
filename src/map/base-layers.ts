/**
 * Imagery and terrain for the map. Offline default: the Natural Earth II imagery bundled with
 * CesiumJS (served under /cesium/Assets) on the bare ellipsoid; no Cesium ion token is used and
 * no default ion imagery is requested. A city can give its own XYZ imagery template and a
 * quantized-mesh terrain URL (VITE_IMAGERY_URL / VITE_TERRAIN_URL or the map settings).
 */
import { buildModuleUrl, CesiumTerrainProvider, EllipsoidTerrainProvider, ImageryLayer, TileMapServiceImageryProvider, UrlTemplateImageryProvider, type TerrainProvider } from 'cesium';

export function createBaseLayer(imageryUrl: string): ImageryLayer {
  if (imageryUrl.trim() !== '') return new ImageryLayer(new UrlTemplateImageryProvider({ url: imageryUrl.trim() }));
  return ImageryLayer.fromProviderAsync(TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')));
}

export async function createTerrainProvider(terrainUrl: string): Promise<TerrainProvider> {
  if (terrainUrl.trim() === '') return new EllipsoidTerrainProvider();
  return CesiumTerrainProvider.fromUrl(terrainUrl.trim());
}
