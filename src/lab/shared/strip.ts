/** Flow matching's strip under its lab (page and worker): samples after this many ODE steps each. */
export const STRIP_STEPS: readonly number[] = [1, 2, 4, 8, 16];
