/** English messages of live sensors (issue 5). Keys start with 'sensors.'. */
export const EN_SENSORS = {
} as const;
