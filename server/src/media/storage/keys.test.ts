import { describe, expect, it } from 'vitest';
import { keyOwner, musicKey, recordingKey, thumbnailKey, userFolder, vlogFolder, vlogKeys } from './keys.js';

describe('storage keys', () => {
  it('puts every file of a user under users/<id>/, which keyOwner gives back to that user', () => {
    const keys = [
      recordingKey(7, 'r1', '.mp4'),
      thumbnailKey(7, 'e1'),
      musicKey(7, 'm1', '.mp3'),
      vlogFolder(7, 'v1'),
      ...Object.values(vlogKeys(7, 'v1', 'j1', 2)),
    ];
    for (const key of keys) {
      expect(key.startsWith(userFolder(7))).toBe(true);
      expect(keyOwner(key)).toEqual({ userId: 7 });
    }
  });

  it('names each render attempt apart inside the vlog folder', () => {
    const first = vlogKeys(7, 'v1', 'j1', 1);
    const second = vlogKeys(7, 'v1', 'j1', 2);
    expect(first).toEqual({ video: 'users/7/vlogs/v1/j1-1.mp4', poster: 'users/7/vlogs/v1/j1-1.jpg', captions: 'users/7/vlogs/v1/j1-1.vtt' });
    expect(second.video).not.toBe(first.video);
    expect(second.video.startsWith(vlogFolder(7, 'v1'))).toBe(true);
  });

  it('keeps the shared music library outside every user and refuses other layouts', () => {
    expect(musicKey(null, 'm1', '.m4a')).toBe('music/m1.m4a');
    expect(keyOwner(musicKey(null, 'm1', '.m4a'))).toBe('shared');
    expect(keyOwner('users/x/recordings/a.mp4')).toBeNull();
    expect(keyOwner('other/users/7/a.mp4')).toBeNull();
    expect(keyOwner('users/7')).toBeNull();
  });
});
