import { createServer } from 'node:net';
import { requiredEnv, serveUntilStopped } from './process-env';
import { answerAsStandIn } from './stand-in-answers';

/**
 * Every service behind the gateway, answering at once (`--ab-gateway-alone`): so a gateway's CPU
 * per request is measured without catalog, cart or the database sharing the machine's two cores.
 */
serveUntilStopped(async () => {
  const server = createServer(answerAsStandIn);
  await new Promise<void>((resolve) => server.listen(Number(requiredEnv('PORT')), '127.0.0.1', resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
});
