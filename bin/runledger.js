#!/usr/bin/env node
// RunLedger is written in TypeScript and runs it directly through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
