/**
 * The message catalogue: every user-visible Chinese (and English) sentence.
 * One module per area; each exports `{ zh: {...}, en: {...} }` with the same keys.
 */
export type Lang = "zh" | "en";
