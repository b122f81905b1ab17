/**
 * Loopback ports for tests that need one before anything listens on it.
 */
import { createServer } from 'node:net';

/** A loopback port that was free a moment ago: nothing listens on it until the test starts something there. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}
