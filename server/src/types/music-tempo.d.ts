// music-tempo 1.0.3 ships no types: the part Dayreel uses.
declare module 'music-tempo' {
  export default class MusicTempo {
    constructor(audioData: Float32Array | number[], params?: Record<string, number>);
    /** Beats per minute. */
    tempo: number;
    /** Beat times, seconds. */
    beats: number[];
  }
}
