// Worker threads do not inherit the TypeScript loader that `runledger` registers for the
// main thread; register it here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const { default: parse } = await import('./parse.worker.ts');
export default parse;
