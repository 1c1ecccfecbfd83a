/** A phone number in E.164 form, e.g. +15551232190 (shared by the strict schema and the frozen legacy rules). */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;
