import { writeValidators } from "../scripts/gen-validators.js";

/** vitest run on its own (not through `npm test`) still finds the validators compiled and current. */
export default function setup() {
  writeValidators();
}
