/** English messages of the live connection (gateway, outage, staleness; issue 5). Keys start with 'live.'. */
export const EN_LIVE = {
  'live.down': 'Live data unavailable: {reason}.',
  'live.showingSince': 'Showing data from {time} ({age} old).',
  'live.noData': 'No live data has been received yet.',
  'live.reconnecting': 'Reconnecting…',
  'live.connecting': 'Connecting to live data…',
  'live.live': 'Live',
  'live.polling': 'Live (polling)',
  'live.age': 'data {age} old',
  'live.sensorCount': '{count} sensors',
  'live.unknownReason': 'the connection was lost',
} as const;
