/** English messages of consultation and VR (issue 11). Keys start with 'consultation.'. */
export const EN_CONSULTATION = {
} as const;
