import { sinkContract } from '../testing/sink-contract.ts';
import { opsgenieSink } from './opsgenie.sink.ts';

sinkContract({
  definition: opsgenieSink,
  configFor: (baseUrl) => ({ url: baseUrl, apiKey: 'genie-api-key-0123456789', responders: [{ type: 'team', name: 'ops' }] }),
  secrets: ['genie-api-key-0123456789'],
  headers: ['content-type', 'authorization'],
  success: { status: 202, body: JSON.stringify({ result: 'Request will be processed', took: 0.1, requestId: '43a29c5c-3dbf-4fa4-9c26-f4f71023e120' }) },
});
