/** English messages of scenarios and comparison (issue 10). Keys start with 'scenarios.'. */
export const EN_SCENARIOS = {
} as const;
