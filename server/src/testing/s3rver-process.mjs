// Runs s3rver (an S3-speaking test server) in its own process and prints {"port":…} once it
// listens. Its own process because s3rver paginates listings with DES continuation tokens,
// which Node's OpenSSL 3 only offers with --openssl-legacy-provider (see s3rver.ts).
// Usage: node --openssl-legacy-provider s3rver-process.mjs <directory> <bucket>
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) {
  console.error('usage: s3rver-process.mjs <directory> <bucket>');
  process.exit(2);
}
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent died without stopping us: don't outlive it.
process.stdin.on('end', stop);
process.stdin.resume();
