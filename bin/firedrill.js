#!/usr/bin/env node
// Runs the TypeScript sources directly: firedrill ships no build step, so
// `npx firedrill`, `npm run firedrill` and child processes all see the same code.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
