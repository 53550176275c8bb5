// One WebSocket text message as it goes on the wire from a server (RFC 6455 §5.2: FIN, opcode 1,
// no mask, the payload's length in 7, 16 or 64 bits), built from parts in one buffer. The
// subscription fan-out writes these straight to a connection's TCP socket — one write per
// subscriber, not ws's header-and-body writev — and checks the socket is open first
// (graphql/fan-out.ts). ws's own frames never interleave with them: ws writes each of its frames
// whole, in one call, and a server without permessage-deflate queues none.

const FIN_TEXT = 0x81;

/** The frame of a text message whose UTF-8 bytes are `parts`, concatenated. */
export function textFrame(parts: readonly Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const header = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = FIN_TEXT;
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  let at = header;
  for (const part of parts) at += part.copy(frame, at);
  return frame;
}
