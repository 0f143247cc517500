import type { ValidateFunction } from "ajv";
import * as generated from "../generated/validators.js";

// devjudge's schemas, compiled ahead of time by scripts/gen-validators.ts (run by `npm run build`
// and `npm test`): compiling them at start-up took a quarter of a second of every run.
export const validateTask = generated.validateTask as ValidateFunction;
export const validateConfig = generated.validateConfig as ValidateFunction;
export const validateReport = generated.validateReport as ValidateFunction;
export const validateTrajectory = generated.validateTrajectory as ValidateFunction;
export const validateVerdict = generated.validateVerdict as ValidateFunction;
