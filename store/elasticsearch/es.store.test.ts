// The shared Store contract, run against the Elasticsearch backend on EsEmulator (see
// testing/es-emulator.ts). No Elasticsearch server can run here: this proves the backend's
// logic and the requests it sends, not Elasticsearch's own behaviour (docs/elasticsearch.md).
import { storeContract } from '../testing/store-contract.ts';
import { emulatedStore } from './testing/emulated-store.ts';

storeContract('elasticsearch (emulated)', async () => (await emulatedStore()).store);
