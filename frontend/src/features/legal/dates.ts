/** When the privacy notice and the terms of use were last changed (shown on both pages). */
export const LEGAL_UPDATED_AT = "3 de dezembro de 2026";
