// The limit to compare against: bare Fastify receiving the same bodies and answering 202,
// doing nothing else. Started by ingest.bench.ts in its own process.
import Fastify from 'fastify';

const app = Fastify({ bodyLimit: 16 * 1024 * 1024 });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/*', async (request, reply) => reply.code(202).send({ bytes: (request.body as Buffer).length }));
const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`listening ${url}`);
