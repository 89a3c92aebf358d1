import { describe, expect, it } from 'vitest';
import { sampleNotification } from '../sample.ts';
import { loadTemplates } from '../templates.ts';
import { sinkContract } from '../testing/sink-contract.ts';
import { teamsPayload } from './teams.payload.ts';
import { teamsSink } from './teams.sink.ts';

sinkContract({
  definition: teamsSink,
  configFor: (baseUrl) => ({ url: `${baseUrl}/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=teams-signature-secret` }),
  secrets: ['teams-signature-secret'],
  headers: ['content-type'],
  success: { status: 202, body: '' },
});

describe('teams payload', () => {
  it('colours a resolved card as good news', () => {
    const n = sampleNotification('resolved');
    const card = (teamsPayload(n, loadTemplates().render(n)).attachments as { content: { body: { color?: string; text: string }[] } }[])[0]!.content;
    expect(card.body[0]).toMatchObject({ text: '[RESOLVED] Unplanned change on web01.example.com: File[/etc/nginx/nginx.conf]', color: 'Good' });
  });
});
