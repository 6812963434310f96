/** English messages of noise maps and exposure (issue 8). Keys start with 'noise.'. */
export const EN_NOISE = {
} as const;
