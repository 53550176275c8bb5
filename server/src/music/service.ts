// Music tracks a user may choose: the shared library (no owner) and their own.
import type { Prisma } from '../db/database.js';
import type { Music, User } from '../generated/prisma/client.js';

export class MusicService {
  constructor(private readonly prisma: Prisma) {}

  /** The tracks the user may choose, by name. */
  list(user: User): Promise<Music[]> {
    return this.prisma.music.findMany({
      where: { OR: [{ userId: null }, { userId: user.id }] },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
  }

  /** Tracks by id that the user may see (for per-row lookups batched by a DataLoader). */
  byIds(userId: number, ids: readonly string[]): Promise<Music[]> {
    return this.prisma.music.findMany({ where: { id: { in: [...ids] }, OR: [{ userId: null }, { userId }] } });
  }
}
