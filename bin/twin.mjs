#!/usr/bin/env node
// The `twin` CLI: the headless face of every part of Civic Twin. The sources are TypeScript, run
// through tsx's loader so `npx twin …` works from a checkout with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
