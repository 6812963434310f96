/** English messages of analysis results: the legend of the shown result and the result picker. Keys start with 'results.'. */
export const EN_RESULTS = {
  'results.title': 'Results on the map',
  'results.none': 'No analysis has been run yet. Run one from its panel (sun hours, noise, air, traffic); its map shows here with a legend.',
  'results.shown': 'Shown result',
  'results.hide': 'None (hide overlay)',
  'results.opacity': 'Opacity',
  'results.unit': 'Unit: {unit}',
  'results.noData': 'No value',
} as const;
