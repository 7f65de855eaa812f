/**
 * Only this type remains here: the ε-MSE step is written once in ../diffusion.ts, and the reference
 * workload's copy lives in bench/fast-trainers/. Delete this file once cd-step.ts imports the type
 * from ./fast-adam.
 */
export type { FastStepResult } from './fast-adam';
