/** Diagnostics live in core/ (util/ reports them too); kept here for the many imports under tasks/. */
export * from "../core/diagnostics.js";
