/** English messages of traffic flows (issue 7). Keys start with 'traffic.'. */
export const EN_TRAFFIC = {
} as const;
