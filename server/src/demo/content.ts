// The demo day's script: what each synthetic camera file shows and sounds like, the events an
// analyser would have cut from them (Traditional Chinese, local times in Asia/Taipei), the
// diary, and three generated music tracks. Pure data plus the manifest builder.
import { zonedTimeToUtc } from '../lib/dates.js';

/** Bump when the generated media change, so cached demo media are regenerated. */
export const DEMO_VERSION = 'demo-v1';
export const DEMO_TIMEZONE = 'Asia/Taipei';
export const DEMO_USER = { username: 'demo', password: 'demo1234', timezone: DEMO_TIMEZONE, locale: 'zh-TW' };

export interface DemoRecording {
  id: string;
  file: string;
  /** Local wall-clock start, HH:MM:SS in DEMO_TIMEZONE. */
  localStart: string;
  duration: number;
  width: number;
  height: number;
  /** ffmpeg frame rate expression. */
  rate: string;
  /** lavfi filtergraph producing [v] (video, any size, no duration limit needed). */
  video: string;
  /** aevalsrc expression (mono) or null for a silent camera (no audio track). */
  audio: { expr: string; rate: number; channels: 1 | 2 } | null;
}

// Five cameras, visibly different: a 30 fps test card, Conway's life (green), a portrait
// 360×640 cellular automaton, a 24 fps Mandelbrot zoom, and an NTSC-rate "sunset" without audio.
export const DEMO_RECORDINGS: DemoRecording[] = [
  {
    id: 'home-0720',
    file: 'recordings/home-0720.mp4',
    localStart: '07:20:00',
    duration: 50,
    width: 640,
    height: 360,
    rate: '30',
    video: 'testsrc2=s=640x360:r=30',
    audio: { expr: '0.15*sin(2*PI*(330+110*sin(2*PI*0.25*t))*t)+0.04*(2*random(0)-1)', rate: 48000, channels: 2 },
  },
  {
    id: 'dog-0805',
    file: 'recordings/dog-0805.mp4',
    localStart: '08:05:00',
    duration: 60,
    width: 640,
    height: 360,
    rate: '30',
    video:
      'life=s=160x90:r=30:mold=10:ratio=0.12:life_color=#a0f070:death_color=#18300c:mold_color=#3c6a20,scale=640:360:flags=neighbor',
    audio: { expr: '0.08*(2*random(0)-1)+0.35*sin(2*PI*620*t)*lt(mod(t,4.3),0.12)', rate: 44100, channels: 1 },
  },
  {
    id: 'park-1010',
    file: 'recordings/park-1010.mp4',
    localStart: '10:10:00',
    duration: 40,
    width: 360,
    height: 640,
    rate: '30',
    video:
      'cellauto=s=90x160:r=30:rule=18:random_fill_ratio=0.3,scale=360:640:flags=neighbor,format=yuv420p,lutyuv=y=val*0.7+40:u=110:v=100',
    audio: {
      expr: '0.2*sin(2*PI*(2500+800*sin(2*PI*9*t))*t)*lt(mod(t,1.7),0.25)+0.02*(2*random(0)-1)',
      rate: 44100,
      channels: 1,
    },
  },
  {
    id: 'cafe-1430',
    file: 'recordings/cafe-1430.mp4',
    localStart: '14:30:00',
    duration: 50,
    width: 640,
    height: 360,
    rate: '24',
    video: 'mandelbrot=s=192x108:r=24:maxiter=40:start_scale=2.5:end_scale=0.5:end_pts=60,scale=640:360',
    audio: {
      expr: '0.12*(2*random(0)-1)*(0.5+0.5*sin(2*PI*3*t))+0.08*sin(2*PI*(180+60*sin(2*PI*0.7*t))*t)',
      rate: 48000,
      channels: 2,
    },
  },
  {
    id: 'sunset-1725',
    file: 'recordings/sunset-1725.mp4',
    localStart: '17:25:00',
    duration: 35,
    width: 640,
    height: 360,
    rate: '30000/1001',
    video:
      'color=c=0xff7a30:s=640x360:r=30000/1001[bg];color=c=0xffe070:s=80x80:r=30000/1001[sun];' +
      "[bg][sun]overlay=x=280:y='40+t*9',fade=t=out:st=12:d=23:color=0x301040",
    audio: null,
  },
];

export interface DemoEvent {
  recording: string;
  /** Seconds into the recording, or… */
  offset?: number;
  /** …a local wall-clock start HH:MM:SS (exercises the manifest's absolute form). */
  localStart?: string;
  duration: number;
  action: string;
  scene: string;
  summary: string;
}

export const DEMO_EVENTS: DemoEvent[] = [
  { recording: 'home-0720', offset: 2, duration: 12, action: '拉開窗簾', scene: '客廳', summary: '起床後拉開客廳窗簾，讓早晨的陽光灑進來' },
  { recording: 'home-0720', offset: 16, duration: 16, action: '做早餐', scene: '廚房', summary: '在廚房煎荷包蛋、烤吐司做早餐' },
  { recording: 'home-0720', offset: 34, duration: 14, action: '吃早餐', scene: '餐桌', summary: '坐在餐桌旁吃早餐，一邊喝熱咖啡一邊看新聞' },
  { recording: 'dog-0805', offset: 0, duration: 15, action: '遛狗', scene: '社區巷口', summary: '牽著小黑出門遛狗，牠興奮地一直搖尾巴' },
  { recording: 'dog-0805', offset: 20, duration: 18, action: '和鄰居聊天', scene: '巷口', summary: '遛狗時遇到鄰居王太太，停下來聊了幾句' },
  { recording: 'dog-0805', offset: 42, duration: 16, action: '狗狗玩球', scene: '河濱草地', summary: '在河濱草地丟球，小黑跑來跑去把球撿回來' },
  { recording: 'park-1010', offset: 1, duration: 12, action: '公園散步', scene: '大安森林公園', summary: '在公園的林蔭步道上慢慢散步' },
  { recording: 'park-1010', offset: 15, duration: 12, action: '拍花', scene: '公園花圃', summary: '拍下花圃裡盛開的波斯菊' },
  { recording: 'park-1010', offset: 28, duration: 11, action: '看烏龜', scene: '生態池', summary: '在生態池邊看烏龜趴在石頭上曬太陽' },
  { recording: 'cafe-1430', offset: 0, duration: 15, action: '和朋友喝咖啡', scene: '咖啡廳', summary: '和大學同學小美在巷弄咖啡廳碰面，點了兩杯拿鐵' },
  { recording: 'cafe-1430', offset: 17, duration: 15, action: '吃甜點', scene: '咖啡廳', summary: '一起分享草莓蛋糕，聊最近的工作和旅行計畫' },
  { recording: 'cafe-1430', offset: 34, duration: 14, action: '拍合照', scene: '咖啡廳門口', summary: '離開前在咖啡廳門口拍了一張合照' },
  { recording: 'sunset-1725', localStart: '17:25:03', duration: 14, action: '看夕陽', scene: '淡水河邊', summary: '在淡水河邊看夕陽慢慢沉到山後面' },
  { recording: 'sunset-1725', localStart: '17:25:20', duration: 13, action: '騎腳踏車', scene: '河堤自行車道', summary: '天色漸暗，沿著河堤騎腳踏車回家' },
];

export const DEMO_DIARY =
  '今天天氣很好，一早就被陽光叫醒。替自己弄了一份荷包蛋吐司，配著咖啡慢慢吃完，心情特別好。' +
  '吃飽後帶小黑出門繞了一圈，路上碰到隔壁的王太太，聊了一下她孫子的近況；小黑在河邊草地追著球跑，玩得滿身都是草屑。' +
  '上午到森林公園走走，花開得正漂亮，忍不住多拍了好幾張照片，池塘邊的烏龜也懶洋洋地在曬太陽。' +
  '下午和小美約在老地方見面，一邊吃蛋糕一邊聊她下個月去日本的計畫，好久沒有笑得這麼開心了。' +
  '傍晚一個人到河邊看太陽下山，天空從橘色慢慢變成紫色，最後踩著單車回家。平凡的一天，卻覺得很幸福。';

export interface DemoMusic {
  file: string;
  name: string;
  composer: string;
  duration: number;
  bpm: number;
  /** Chord roots in Hz, one chord per bar, and whether each is minor. */
  chords: { root: number; minor: boolean }[];
}

export const DEMO_MUSIC: DemoMusic[] = [
  {
    file: 'music/morning-steps.mp3',
    name: '晨光小步 Morning Steps',
    composer: 'Dayreel 示範音樂',
    duration: 45,
    bpm: 120,
    // C – G – Am – F
    chords: [
      { root: 261.63, minor: false },
      { root: 196.0, minor: false },
      { root: 220.0, minor: true },
      { root: 174.61, minor: false },
    ],
  },
  {
    file: 'music/afternoon-stroll.mp3',
    name: '午後散步 Afternoon Stroll',
    composer: 'Dayreel 示範音樂',
    duration: 95,
    bpm: 96,
    // G – Em – C – D
    chords: [
      { root: 196.0, minor: false },
      { root: 164.81, minor: true },
      { root: 261.63, minor: false },
      { root: 293.66, minor: false },
    ],
  },
  {
    file: 'music/sunset-drive.mp3',
    name: '夕陽河岸 Sunset Riverside',
    composer: 'Dayreel 示範音樂',
    duration: 200,
    bpm: 84,
    // Am – F – C – G
    chords: [
      { root: 220.0, minor: true },
      { root: 174.61, minor: false },
      { root: 261.63, minor: false },
      { root: 196.0, minor: false },
    ],
  },
];

/** Yesterday's date (YYYY-MM-DD) in the demo's time zone, so the demo day is always recent. */
export function demoDate(now = new Date()): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: DEMO_TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** "2026-11-20" + "07:20:00" in Asia/Taipei → "2026-11-20T07:20:00+08:00" (zone-exact). */
function localIso(date: string, hms: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = hms.split(':').map(Number) as [number, number, number];
  const instant = zonedTimeToUtc({ year: y, month: mo, day: d, hour: h, minute: mi, second: s }, DEMO_TIMEZONE);
  const offsetMin = Math.round((Date.UTC(y, mo - 1, d, h, mi, s) - instant.getTime()) / 60_000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${date}T${hms}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The demo manifest for `date`; `fileOf` maps a media path relative to the media dir. */
export function buildDemoManifest(date: string, fileOf: (relative: string) => string = (f) => f): Record<string, unknown> {
  return {
    _comment: `Dayreel demo day ${date} (${DEMO_VERSION}); media generated with ffmpeg lavfi.`,
    user: DEMO_USER,
    recordings: DEMO_RECORDINGS.map((r) => ({ id: r.id, file: fileOf(r.file), startTime: localIso(date, r.localStart) })),
    events: DEMO_EVENTS.map((e) => ({
      recording: e.recording,
      ...(e.localStart !== undefined ? { startTime: localIso(date, e.localStart) } : { offset: e.offset }),
      duration: e.duration,
      action: e.action,
      scene: e.scene,
      summary: e.summary,
    })),
    diary: [{ date, content: DEMO_DIARY }],
    music: DEMO_MUSIC.map((m) => ({ file: fileOf(m.file), name: m.name, composer: m.composer })),
  };
}
