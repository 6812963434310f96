/** English messages of the live connection (gateway, outage, staleness; issue 5). Keys start with 'live.'. */
export const EN_LIVE = {
} as const;
