// The storage-key layout, in one place. A user's files live under users/<id>/ — the prefix media
// access checks (keyOwner) — and the shared music library under music/. A vlog has one folder,
// with one name per job attempt, so a render that lost its lease can remove its own output
// without touching the attempt that took over.

/** A user's whole folder (deleting a user empties it). */
export function userFolder(userId: number): string {
  return `users/${userId}/`;
}

/** A camera file; `ext` with its dot, e.g. ".mp4". */
export function recordingKey(userId: number, recordingId: string, ext: string): string {
  return `${userFolder(userId)}recordings/${recordingId}${ext}`;
}

/** The poster frame of a recording or an event (by its id). */
export function thumbnailKey(userId: number, id: string): string {
  return `${userFolder(userId)}thumbnails/${id}.jpg`;
}

/** A music track: the user's own, or the shared library's (userId null). */
export function musicKey(userId: number | null, musicId: string, ext: string): string {
  return userId == null ? `music/${musicId}${ext}` : `${userFolder(userId)}music/${musicId}${ext}`;
}

export function vlogFolder(userId: number, vlogId: string): string {
  return `${userFolder(userId)}vlogs/${vlogId}/`;
}

/** The files one render attempt writes. */
export function vlogKeys(userId: number, vlogId: string, jobId: string, attempt: number): { video: string; poster: string; captions: string } {
  const base = `${vlogFolder(userId, vlogId)}${jobId}-${attempt}`;
  return { video: `${base}.mp4`, poster: `${base}.jpg`, captions: `${base}.vtt` };
}

/** Which user may read a key without a signature: users/<id>/… is theirs, music/… is shared, anything else no one's. */
export function keyOwner(key: string): { userId: number } | 'shared' | null {
  const m = /^users\/(\d+)\//.exec(key);
  if (m) return { userId: Number(m[1]) };
  if (key.startsWith('music/')) return 'shared';
  return null;
}
