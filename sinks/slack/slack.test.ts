import { describe, expect, it } from 'vitest';
import { sampleNotification } from '../sample.ts';
import { loadTemplates } from '../templates.ts';
import { sinkContract } from '../testing/sink-contract.ts';
import { slackPayload } from './slack.payload.ts';
import { slackSink } from './slack.sink.ts';

sinkContract({
  definition: slackSink,
  configFor: (baseUrl) => ({ url: `${baseUrl}/services/T000/B000/slack-secret-token` }),
  secrets: ['slack-secret-token'],
  headers: ['content-type'],
  success: { status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } },
});

describe('slack payload', () => {
  it('puts the rendered title in the fallback text and the header block', () => {
    const payload = slackPayload(sampleNotification(), loadTemplates().render(sampleNotification()));
    expect(payload.text).toBe('[WARNING] Unplanned change on web01.example.com: File[/etc/nginx/nginx.conf]');
    expect((payload.blocks as { type: string }[]).map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions']);
  });

  it('leaves the button out when there is no link to the run', () => {
    const { link, ...noLink } = sampleNotification();
    const payload = slackPayload(noLink, loadTemplates().render(noLink));
    expect((payload.blocks as { type: string }[]).map((b) => b.type)).toEqual(['header', 'section', 'context']);
  });
});
