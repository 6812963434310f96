/** English messages of sun-hours analysis (issue 6). Keys start with 'sunHours.'. */
export const EN_SUN_HOURS = {
} as const;
