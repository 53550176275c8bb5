import { describe, expect, it } from 'vitest';
import * as wsExports from 'ws';
import { textFrame } from './ws-frame.js';

/** ws's frame parser: exported by ws, not by its types. */
const { Receiver } = wsExports as unknown as { Receiver: new (options: { isServer: boolean }) => NodeJS.WritableStream };

/** What a WebSocket client makes of the bytes (ws's own parser, as a client: unmasked frames). */
function decode(frame: Buffer): Promise<{ text: string; binary: boolean }> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer, binary: boolean) => resolve({ text: data.toString('utf8'), binary }));
    receiver.on('error', reject);
    receiver.write(frame);
  });
}

describe('textFrame', () => {
  it.each([
    ['a 7-bit length', 40],
    ['a 16-bit length', 300],
    ['the 16-bit edge', 0xffff],
    ['a 64-bit length', 70_000],
  ])('frames a text message with %s', async (_name, size) => {
    const body = 'é'.repeat(Math.floor(size / 4)) + 'x'.repeat(size - 2 * Math.floor(size / 4));
    const parts = [Buffer.from('{"id":"1","payload":'), Buffer.from(JSON.stringify(body)), Buffer.from('}')];
    const expected = `{"id":"1","payload":${JSON.stringify(body)}}`;
    expect(await decode(textFrame(parts))).toEqual({ text: expected, binary: false });
  });
});
