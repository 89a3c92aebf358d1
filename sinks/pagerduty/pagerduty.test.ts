import { describe, expect, it } from 'vitest';
import { sampleNotification } from '../sample.ts';
import { sinkContract } from '../testing/sink-contract.ts';
import { pagerDutySink } from './pagerduty.sink.ts';

const accepted = { status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: 'acme/web01.example.com/unplanned_change' }) };

sinkContract({
  definition: pagerDutySink,
  configFor: (baseUrl) => ({ url: `${baseUrl}/v2/enqueue`, routingKey: 'pd-routing-key-0123456789' }),
  secrets: ['pd-routing-key-0123456789'],
  headers: ['content-type'],
  success: accepted,
  extra: ({ endpoint, send }) => {
    describe('pagerduty', () => {
      it('reports the dedup_key PagerDuty answered with as the remote id', async () => {
        endpoint().respond(accepted);
        expect(await send(sampleNotification())).toEqual({ kind: 'delivered', status: 202, remoteId: 'acme/web01.example.com/unplanned_change' });
      });
    });
  },
});
