/** English messages of air quality (issue 9). Keys start with 'air.'. */
export const EN_AIR = {
} as const;
