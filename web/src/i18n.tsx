// The UI's words in Traditional Chinese (the default) and English: one typed dictionary, no
// library. `useI18n()` gives the current locale's dictionary and formatting helpers.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { type Locale, formatLength } from './domain/format.ts';
import { type ProgressLike, type ProgressWords, roundEta } from './domain/progress.ts';
import type { SettingsIssue } from './domain/settings.ts';
import type { SelectionBlock } from './domain/selection.ts';

export type { Locale };

const en = {
  appName: 'Dayreel',
  tagline: 'Your day, in a short film',
  skipToContent: 'Skip to content',
  language: 'Language',
  languageNames: { 'zh-TW': '中文', en: 'English' } as Record<Locale, string>,
  signedInAs: (name: string) => `Signed in as ${name}`,
  logout: 'Sign out',
  developerIde: 'GraphQL IDE for developers',
  loading: 'Loading…',
  retry: 'Try again',
  close: 'Close',
  cancel: 'Cancel',
  back: 'Back',
  networkError: 'Dayreel can’t reach its server. Check the connection and try again.',
  unexpectedError: (msg: string) => `Something went wrong: ${msg}`,

  // Login
  loginTitle: 'Sign in',
  loginIntro: 'Sign in to see your days and make vlogs of them.',
  username: 'User name',
  password: 'Password',
  showPassword: 'Show password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  loginFailed: 'That user name and password don’t match. Please check them and try again.',
  loginRateLimited: (seconds: number) => `Too many sign-in attempts. Please wait ${seconds} s and try again.`,
  fieldRequired: 'Please fill this in.',

  // Calendar
  calendar: 'Calendar',
  previousMonth: 'Previous month',
  nextMonth: 'Next month',
  weekdaysShort: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  dayButtonLabel: (date: string, events: number, vlog: string | null) =>
    `${date}: ${events === 0 ? 'no events' : events === 1 ? '1 event' : `${events} events`}${vlog ? `, vlog ${vlog}` : ''}`,
  recentDays: 'Days with recordings',
  noDays: 'No recorded days yet. When your cameras upload recordings, the days appear here.',
  eventsCount: (n: number) => (n === 1 ? '1 event' : `${n} events`),
  today: 'Today',

  // Day
  dayHeading: (date: string) => date,
  timeline: 'The day at a glance',
  timelineSummary: (n: number, from: string, to: string) => `${n === 1 ? '1 event' : `${n} events`} from ${from} to ${to}`,
  noEventsDay: 'Nothing was recorded on this day.',
  hourLabel: (h: string) => `${h}:00`,
  recommended: 'AI pick',
  recommendedBecause: (reasons: string) => `Picked for: ${reasons}`,
  recommendedLegend: 'Events marked ★ are what the AI would put in the vlog, with the words that matched.',
  showDetails: 'Show details',
  hideDetails: 'Hide details',
  diary: 'Diary',
  noThumbnail: 'No picture',

  // Vlog hero
  generateVlog: 'Generate vlog',
  generateDisabledRendering: 'A vlog of this day is being made. Wait for it to finish, or cancel it.',
  noVlogYet: 'No vlog for this day yet',
  noVlogHint: 'Pick the moments you like, choose music, and Dayreel makes a short film of the day.',
  vlogStatus: {
    PENDING: 'Waiting to start',
    PROCESSING: 'Being made',
    COMPLETED: 'Ready',
    FAILED: 'Failed',
    CANCELED: 'Canceled',
  } as Record<string, string>,
  vlogMeta: (length: string, resolution: string, aspect: string, clips: number) =>
    `${length} · ${resolution} · ${aspect} · ${clips === 1 ? '1 clip' : `${clips} clips`}`,
  download: 'Download',
  deleteVlog: 'Delete',
  confirmDelete: 'Delete this vlog and its video file? This can’t be undone.',
  confirmDeleteYes: 'Yes, delete',
  keep: 'No, keep it',
  deleting: 'Deleting…',
  olderVlogs: 'Earlier vlogs of this day',
  play: 'Play',
  hide: 'Hide',
  createdAt: (when: string) => `made ${when}`,
  failedReason: (why: string) => `It could not be made: ${why}`,
  tooManyActiveVlogs: (limit: number) => `You already have ${limit} vlog${limit === 1 ? '' : 's'} waiting or being made. Wait for one to finish, or cancel one, then try again.`,
  vlogErrorCode: {
    SOURCE_UNREADABLE: 'a recording or the music could not be read (missing, changed since import, or damaged). Import the footage again, or pick other events.',
    DISK_FULL: 'the server’s disk is full (disk full). Free some space, then try again.',
    ENCODER_FAILED: 'the video encoder failed on this footage. Try again, or pick other events.',
    TIMED_OUT: 'it took longer than the server allows. Try a shorter vlog or a lower resolution.',
    INTERNAL: 'something went wrong on the server. Try again; if it keeps failing, tell the administrator.',
  } as Record<string, string>,
  canceledNote: 'This vlog was canceled before it was finished.',
  retryVlog: 'Try again',
  retrying: 'Starting again…',
  videoUnsupported: 'Your browser can’t play this video. Use Download instead.',

  // Progress
  progressHeading: 'Making your vlog',
  progressLabel: 'Progress',
  phase: {
    QUEUED: 'Waiting in line',
    PREPARING: 'Preparing the clips',
    RENDERING: 'Rendering',
    FINALIZING: 'Adding the music and finishing',
    DONE: 'Done',
    FAILED: 'Failed',
    CANCELED: 'Canceled',
  } as Record<string, string>,
  renderingClip: (step: number, total: number) => `Rendering clip ${step} of ${total}`,
  percent: (n: number) => `${n} %`,
  aboutSeconds: (n: number) => `about ${n} s left`,
  aboutMinutes: (n: number) => (n === 1 ? 'about 1 min left' : `about ${n} min left`),
  sentenceJoiner: ' — ',
  cancelRender: 'Cancel',
  confirmCancel: 'Stop making this vlog?',
  confirmCancelYes: 'Yes, stop it',
  keepGoing: 'No, keep going',
  canceling: 'Stopping…',
  reconnecting: 'Reconnecting to follow the progress…',
  progressDone: 'Your vlog is ready.',

  // Wizard
  wizardTitle: 'Generate vlog',
  stepOf: (n: number, total: number) => `Step ${n} of ${total}`,
  selectEvents: 'Choose the moments',
  selectIntro: 'Tick the events to put in the vlog, or let the AI pick them from your diary.',
  manualPick: 'Tick by hand',
  selectAll: 'Select all',
  selectNone: 'Select none',
  selectedCount: (x: number, total: number) => `Selected ${x} / ${total}`,
  next: 'Next',
  blockNoEvents: 'This day has no events, so there is nothing to put in a vlog.',
  blockTooFew: (required: number, missing: number) =>
    `Select at least ${required} events to go on (${missing} more).`,
  blockTooMany: (max: number, extra: number) => `A vlog can hold at most ${max} events. Untick ${extra}.`,
  aiRecommend: 'AI recommend',
  recommendLimit: 'How many to pick',
  recommendLimitHint: (min: number, max: number) => (min === max ? `${min}` : `${min} to ${max}`),
  recommendQuery: 'What to look for (optional)',
  recommendQueryHint: 'Leave empty to use the day’s diary.',
  recommending: 'Picking the best moments…',
  recommendDone: (n: number) => `The AI picked ${n === 1 ? '1 event' : `${n} events`}. You can still change the ticks.`,
  recommendEmpty: 'The AI found nothing to recommend for this day. Tick events by hand.',
  recommendNoMatchDiary: 'Nothing in the diary matched; these are the day’s highlights.',
  recommendNoMatchQuery: 'Nothing matched what you looked for; these are the day’s highlights.',
  recommendPartly: (matched: number, highlights: number) =>
    `${matched === 1 ? '1 event matches' : `${matched} events match`}; the other ${highlights === 1 ? 'one is' : `${highlights} are`} the day’s highlights.`,
  recommendFailed: (msg: string) => `The AI couldn’t pick events: ${msg}`,
  rank: (n: number) => `#${n}`,
  reasonsLabel: 'Why: ',
  eventTime: 'Time',
  eventDuration: 'Length',
  eventAction: 'Action',
  eventScene: 'Scene',
  noSummary: 'No description',
  selectEventLabel: (time: string, what: string) => `${time} ${what}`,

  settings: 'Vlog settings',
  title: 'Title',
  titleHint: (n: number, max: number) => `${n} / ${max} characters`,
  music: 'Music',
  noMusic: 'No music',
  noMusicHint: 'The clips keep their own sound.',
  musicLoading: 'Loading the music library…',
  musicEmpty: 'The music library is empty.',
  byComposer: (c: string) => `by ${c}`,
  musicWindow: 'Part of the song to use',
  musicWindowHint: 'Drag the handles or the highlighted part, or use the arrow keys (Shift for bigger steps).',
  windowStart: 'Start of the music',
  windowEnd: 'End of the music',
  windowWhole: 'Music part (move both ends)',
  windowRange: (a: string, b: string) => `${a} to ${b}`,
  windowSummary: (a: string, b: string, len: string) => `From ${a} to ${b} · ${len}`,
  preview: 'Play this part',
  stopPreview: 'Stop',
  previewLoading: 'Loading the song…',
  previewFailed: 'The song could not be played.',
  fade: 'Fade the music in and out',
  volume: 'Music volume',
  video: 'Video',
  resolution: 'Resolution',
  aspect: 'Shape',
  aspectNames: { LANDSCAPE: 'Wide 16:9', PORTRAIT: 'Tall 9:16' } as Record<string, string>,
  aspectShort: { LANDSCAPE: '16:9', PORTRAIT: '9:16' } as Record<string, string>,
  resolutionNames: { P480: '480p', P720: '720p', P1080: '1080p' } as Record<string, string>,
  transition: 'Between clips',
  transitionNames: { CROSSFADE: 'Crossfade', CUT: 'Cut' } as Record<string, string>,
  fit: 'Clips of another shape',
  fitNames: { BLUR: 'Blurred fill', CROP: 'Crop to fill', BARS: 'Black bars' } as Record<string, string>,
  titleCard: 'Opening card with the title and date',
  captions: 'Captions (time and what happened)',
  captionNames: { SOFT: 'Subtitles', BURNED: 'In the picture', NONE: 'None' } as Record<string, string>,
  burnedUnavailable: 'This server has no font to draw words into the picture, so they will come as subtitles.',
  captionsTrack: 'Captions',
  beatSync: 'Cut on the beat',
  editVlog: 'Edit (new version)',
  targetLength: 'Length of the vlog',
  targetLengthHint: (min: number, max: number) => `${min} to ${max} seconds`,
  seconds: 'seconds',
  submit: 'Generate',
  submitting: 'Sending…',
  fixErrors: 'Please fix the marked fields.',
  selectionErrorBack: 'Change the selection',
  // Errors as sentences, chosen by the server's extensions.code (never its raw text).
  errNotFound: 'It is no longer there — it was probably deleted in another tab. The page now shows what is left.',
  errSignedOut: 'You were signed out. Sign in again to continue.',
  errForbidden: 'You are not allowed to do that.',
  errStale: 'This vlog changed in another tab. The page now shows its current state.',
  errEvents: 'Some of the chosen events can no longer be used. Please check the selection.',
  errField: (label: string) => `The server did not accept “${label}”. Please check it and try again.`,
  errConflict: 'That clashes with a change made elsewhere. The page has been updated; please try again.',
  errUnexpected: 'Something went wrong on the server. Please try again in a moment.',
  signedOutNotice: 'You were signed out. Sign in to continue where you left off — your selection and settings are kept.',

  // Day switcher
  daySwitcher: 'Choose a day',
  previousDay: 'Previous day',
  nextDay: 'Next day',
  dateInput: 'Date',
  generateDisabledNoEvents: 'There is nothing here to make a vlog of.',
  activeRenders: (n: number) => `${n} vlogs of this day are being made, each shown below with its own progress.`,

  // Watching an event before picking it
  watch: 'Watch',
  watchEvent: (time: string, what: string) => `Watch ${time} ${what}`.trim(),
  closePlayer: 'Close player',
  clipPlayer: (time: string) => `Recording of the event at ${time}`,
  clipSpan: (from: string, to: string) => `Plays its own seconds ${from}–${to} of the recording; the marked part goes into the vlog.`,
  clipFailed: 'This recording can’t be played here.',
  trimStart: 'Start in the event (s)',
  trimEnd: 'End in the event (s)',
  trimHint: (len: string) => `Use only part of this event (it lasts ${len}).`,
  trimReset: 'Use the whole event',
  trimInvalid: (len: string) => `The part must start before it ends, inside the event (0–${len}).`,

  issue: (i: SettingsIssue): string => {
    switch (i.code) {
      case 'titleTooLong': return `The title can be at most ${i.max} characters.`;
      case 'musicMissing': return 'That song is no longer in the library. Pick another one.';
      case 'startNegative': return 'The music can’t start before the beginning of the song.';
      case 'endNotAfterStart': return 'The end of the music must come after its start.';
      case 'endAfterTrack': return 'The end of the music is past the end of the song.';
      case 'windowTooShort': return `The music part must be at least ${i.min} s long.`;
      case 'volumeRange': return 'The volume must be between 0 and 100 %.';
      case 'targetRange': return `Choose a length from ${i.min} to ${i.max} seconds.`;
      case 'invalidChoice': return 'Please choose one of the options.';
    }
  },
  block: (b: SelectionBlock): string => {
    switch (b.kind) {
      case 'noEvents': return en.blockNoEvents;
      case 'tooFew': return en.blockTooFew(b.required, b.missing);
      case 'tooMany': return en.blockTooMany(b.max, b.extra);
    }
  },
};

export type Dict = typeof en;

const zhTW: Dict = {
  appName: 'Dayreel',
  tagline: '把一天剪成一支短片',
  skipToContent: '跳到主要內容',
  language: '語言',
  languageNames: { 'zh-TW': '中文', en: 'English' },
  signedInAs: (name) => `已登入：${name}`,
  logout: '登出',
  developerIde: '開發者用的 GraphQL 工具',
  loading: '載入中…',
  retry: '再試一次',
  close: '關閉',
  cancel: '取消',
  back: '上一步',
  networkError: 'Dayreel 連不上伺服器。請檢查網路後再試一次。',
  unexpectedError: (msg) => `發生錯誤：${msg}`,

  loginTitle: '登入',
  loginIntro: '登入後即可瀏覽每一天，並把它做成 Vlog。',
  username: '帳號',
  password: '密碼',
  showPassword: '顯示密碼',
  signIn: '登入',
  signingIn: '登入中…',
  loginFailed: '帳號或密碼不正確，請確認後再試一次。',
  loginRateLimited: (seconds) => `登入嘗試次數過多，請等待 ${seconds} 秒後再試。`,
  fieldRequired: '請填寫此欄。',

  calendar: '日曆',
  previousMonth: '上個月',
  nextMonth: '下個月',
  weekdaysShort: ['日', '一', '二', '三', '四', '五', '六'],
  dayButtonLabel: (date, events, vlog) =>
    `${date}：${events === 0 ? '沒有事件' : `${events} 個事件`}${vlog ? `，Vlog ${vlog}` : ''}`,
  recentDays: '有錄影的日子',
  noDays: '還沒有錄影的日子。攝影機上傳錄影後，日子會出現在這裡。',
  eventsCount: (n) => `${n} 個事件`,
  today: '今天',

  dayHeading: (date) => date,
  timeline: '一天的樣貌',
  timelineSummary: (n, from, to) => `${from} 到 ${to}，共 ${n} 個事件`,
  noEventsDay: '這一天沒有錄到任何事件。',
  hourLabel: (h) => `${h}:00`,
  recommended: 'AI 推薦',
  recommendedBecause: (reasons) => `推薦原因：${reasons}`,
  recommendedLegend: '標有 ★ 的事件是 AI 建議放進 Vlog 的片段，並列出符合的關鍵詞。',
  showDetails: '顯示詳情',
  hideDetails: '收起詳情',
  diary: '日記',
  noThumbnail: '沒有畫面',

  generateVlog: '生成Vlog',
  generateDisabledRendering: '這一天的 Vlog 正在製作中。請等它完成，或先取消。',
  noVlogYet: '這一天還沒有 Vlog',
  noVlogHint: '挑選喜歡的片段、選好音樂，Dayreel 就會把這一天剪成短片。',
  vlogStatus: {
    PENDING: '等待開始',
    PROCESSING: '製作中',
    COMPLETED: '已完成',
    FAILED: '失敗',
    CANCELED: '已取消',
  },
  vlogMeta: (length, resolution, aspect, clips) => `${length} · ${resolution} · ${aspect} · ${clips} 個片段`,
  download: '下載',
  deleteVlog: '刪除',
  confirmDelete: '要刪除這支 Vlog 和它的影片檔嗎？刪除後無法復原。',
  confirmDeleteYes: '確定刪除',
  keep: '不要，保留',
  deleting: '刪除中…',
  olderVlogs: '這一天較早的 Vlog',
  play: '播放',
  hide: '收起',
  createdAt: (when) => `製作於 ${when}`,
  failedReason: (why) => `製作失敗：${why}`,
  tooManyActiveVlogs: (limit) => `您已有 ${limit} 支 Vlog 正在等待或製作中。請等其中一支完成或取消後再試。`,
  vlogErrorCode: {
    SOURCE_UNREADABLE: '有錄影或音樂無法讀取（遺失、匯入後被更改或已損壞）。請重新匯入影片，或改選其他事件。',
    DISK_FULL: '伺服器的磁碟已滿（disk full）。請釋出空間後再試一次。',
    ENCODER_FAILED: '影片編碼器處理這段影片時失敗。請再試一次，或改選其他事件。',
    TIMED_OUT: '製作時間超過伺服器的上限。請縮短長度或降低解析度。',
    INTERNAL: '伺服器發生問題。請再試一次；若一直失敗，請聯絡管理員。',
  },
  canceledNote: '這支 Vlog 在完成前被取消了。',
  retryVlog: '重新製作',
  retrying: '重新開始中…',
  videoUnsupported: '您的瀏覽器無法播放這支影片，請改用下載。',

  progressHeading: '正在製作您的 Vlog',
  progressLabel: '進度',
  phase: {
    QUEUED: '排隊等候中',
    PREPARING: '正在準備片段',
    RENDERING: '正在剪輯',
    FINALIZING: '正在加入音樂並完成影片',
    DONE: '完成',
    FAILED: '失敗',
    CANCELED: '已取消',
  },
  renderingClip: (step, total) => `正在剪輯第 ${step} 段（共 ${total} 段）`,
  percent: (n) => `${n}%`,
  aboutSeconds: (n) => `約剩 ${n} 秒`,
  aboutMinutes: (n) => `約剩 ${n} 分鐘`,
  sentenceJoiner: ' — ',
  cancelRender: '取消製作',
  confirmCancel: '要停止製作這支 Vlog 嗎？',
  confirmCancelYes: '確定停止',
  keepGoing: '不要，繼續製作',
  canceling: '停止中…',
  reconnecting: '正在重新連線以追蹤進度…',
  progressDone: '您的 Vlog 已完成。',

  wizardTitle: '生成Vlog',
  stepOf: (n, total) => `第 ${n} 步，共 ${total} 步`,
  selectEvents: '選擇片段',
  selectIntro: '勾選要放進 Vlog 的事件，或讓 AI 依照日記幫您挑選。',
  manualPick: '手動勾選',
  selectAll: '全選',
  selectNone: '全不選',
  selectedCount: (x, total) => `已選 ${x} / ${total}`,
  next: '下一步',
  blockNoEvents: '這一天沒有事件，無法製作 Vlog。',
  blockTooFew: (required, missing) => `至少要選 ${required} 個事件才能繼續（還差 ${missing} 個）。`,
  blockTooMany: (max, extra) => `一支 Vlog 最多 ${max} 個事件，請取消勾選 ${extra} 個。`,
  aiRecommend: 'AI推薦',
  recommendLimit: '要挑幾個',
  recommendLimitHint: (min, max) => (min === max ? `${min} 個` : `${min} 到 ${max} 個`),
  recommendQuery: '想找的內容（可不填）',
  recommendQueryHint: '不填寫就依照當天的日記挑選。',
  recommending: '正在挑選精彩片段…',
  recommendDone: (n) => `AI 挑選了 ${n} 個事件，您仍可自行調整勾選。`,
  recommendEmpty: 'AI 找不到可推薦的事件，請手動勾選。',
  recommendNoMatchDiary: '日記裡沒有符合的內容；以下是當天的精彩片段。',
  recommendNoMatchQuery: '沒有符合您要找的內容；以下是當天的精彩片段。',
  recommendPartly: (matched, highlights) => `${matched} 個事件符合描述，另外 ${highlights} 個是當天的精彩片段。`,
  recommendFailed: (msg) => `AI 無法挑選事件：${msg}`,
  rank: (n) => `第 ${n} 名`,
  reasonsLabel: '原因：',
  eventTime: '時間',
  eventDuration: '長度',
  eventAction: '動作',
  eventScene: '場景',
  noSummary: '沒有描述',
  selectEventLabel: (time, what) => `${time} ${what}`,

  settings: 'Vlog 設定',
  title: '標題',
  titleHint: (n, max) => `${n} / ${max} 個字`,
  music: '音樂',
  noMusic: '不要音樂',
  noMusicHint: '片段保留原本的聲音。',
  musicLoading: '正在載入音樂庫…',
  musicEmpty: '音樂庫是空的。',
  byComposer: (c) => `作曲：${c}`,
  musicWindow: '使用歌曲的哪一段',
  musicWindowHint: '拖曳兩側的把手或中間的亮色區段，也可以用方向鍵調整（按住 Shift 移動更多）。',
  windowStart: '音樂開始點',
  windowEnd: '音樂結束點',
  windowWhole: '音樂區段（兩端一起移動）',
  windowRange: (a, b) => `${a} 到 ${b}`,
  windowSummary: (a, b, len) => `從 ${a} 到 ${b} · ${len}`,
  preview: '試聽這一段',
  stopPreview: '停止',
  previewLoading: '正在載入歌曲…',
  previewFailed: '這首歌無法播放。',
  fade: '音樂淡入淡出',
  volume: '音樂音量',
  video: '影片',
  resolution: '解析度',
  aspect: '畫面比例',
  aspectNames: { LANDSCAPE: '橫式 16:9', PORTRAIT: '直式 9:16' },
  aspectShort: { LANDSCAPE: '16:9', PORTRAIT: '9:16' },
  resolutionNames: { P480: '480p', P720: '720p', P1080: '1080p' },
  transition: '片段之間',
  transitionNames: { CROSSFADE: '交叉淡化', CUT: '直接切換' },
  fit: '不同比例的片段',
  fitNames: { BLUR: '模糊背景填滿', CROP: '裁切填滿', BARS: '黑邊' },
  titleCard: '片頭顯示標題與日期',
  captions: '字幕（時間與事件）',
  captionNames: { SOFT: '字幕軌', BURNED: '燒錄在畫面上', NONE: '不加字幕' },
  burnedUnavailable: '這台伺服器沒有能把字畫進畫面的字型，字幕會以字幕軌呈現。',
  captionsTrack: '字幕',
  beatSync: '跟著節拍剪接',
  editVlog: '編輯（新版本）',
  targetLength: 'Vlog 長度',
  targetLengthHint: (min, max) => `${min} 到 ${max} 秒`,
  seconds: '秒',
  submit: '送出生成',
  submitting: '送出中…',
  fixErrors: '請修正標示的欄位。',
  selectionErrorBack: '修改勾選的事件',
  errNotFound: '它已經不在了，可能在另一個分頁被刪除。頁面已更新為目前的內容。',
  errSignedOut: '您已登出，請重新登入後繼續。',
  errForbidden: '您沒有權限這麼做。',
  errStale: '這支 Vlog 已在另一個分頁被變更，頁面已顯示它目前的狀態。',
  errEvents: '有些選取的事件已無法使用，請檢查勾選的事件。',
  errField: (label) => `伺服器不接受「${label}」的設定，請確認後再試一次。`,
  errConflict: '這和其他地方的變更衝突。頁面已更新，請再試一次。',
  errUnexpected: '伺服器發生問題，請稍後再試一次。',
  signedOutNotice: '您已登出。請重新登入，即可從剛才的地方繼續——勾選的事件和設定都還在。',

  daySwitcher: '選擇日期',
  previousDay: '前一天',
  nextDay: '後一天',
  dateInput: '日期',
  generateDisabledNoEvents: '沒有可以做成 Vlog 的內容。',
  activeRenders: (n) => `這一天有 ${n} 支 Vlog 正在製作，下方分別顯示各自的進度。`,

  watch: '觀看',
  watchEvent: (time, what) => `觀看 ${time} ${what}`.trim(),
  closePlayer: '關閉播放器',
  clipPlayer: (time) => `${time} 事件的錄影`,
  clipSpan: (from, to) => `只播放錄影中這個事件的 ${from}–${to}；標示的部分會放進 Vlog。`,
  clipFailed: '這段錄影無法在這裡播放。',
  trimStart: '事件內的開始（秒）',
  trimEnd: '事件內的結束（秒）',
  trimHint: (len) => `只使用這個事件的一部分（全長 ${len}）。`,
  trimReset: '使用整個事件',
  trimInvalid: (len) => `開始必須早於結束，並在事件之內（0–${len}）。`,

  issue: (i) => {
    switch (i.code) {
      case 'titleTooLong': return `標題最多 ${i.max} 個字。`;
      case 'musicMissing': return '這首歌已不在音樂庫中，請改選其他歌曲。';
      case 'startNegative': return '音樂不能從歌曲開頭之前開始。';
      case 'endNotAfterStart': return '音樂結束點必須在開始點之後。';
      case 'endAfterTrack': return '音樂結束點超過了歌曲長度。';
      case 'windowTooShort': return `音樂區段至少要 ${i.min} 秒。`;
      case 'volumeRange': return '音量必須介於 0 到 100%。';
      case 'targetRange': return `請選擇 ${i.min} 到 ${i.max} 秒之間的長度。`;
      case 'invalidChoice': return '請從選項中選擇一個。';
    }
  },
  block: (b) => {
    switch (b.kind) {
      case 'noEvents': return zhTW.blockNoEvents;
      case 'tooFew': return zhTW.blockTooFew(b.required, b.missing);
      case 'tooMany': return zhTW.blockTooMany(b.max, b.extra);
    }
  },
};

export const dictionaries: Record<Locale, Dict> = { 'zh-TW': zhTW, en };

export interface I18n {
  locale: Locale;
  t: Dict;
  length: (seconds: number | null | undefined) => string;
  progressWords: ProgressWords;
  setLocale: (locale: Locale) => void;
}

function makeI18n(locale: Locale, setLocale: (l: Locale) => void): I18n {
  const t = dictionaries[locale];
  return {
    locale,
    t,
    setLocale,
    length: (s) => formatLength(s, locale),
    progressWords: {
      phase: (p: ProgressLike) =>
        p.phase === 'RENDERING' && p.step && p.totalSteps ? t.renderingClip(p.step, p.totalSteps) : (t.phase[p.phase] ?? p.phase),
      percent: t.percent,
      eta: (seconds) => {
        const r = roundEta(seconds);
        return r.unit === 's' ? t.aboutSeconds(r.value) : t.aboutMinutes(r.value);
      },
      joiner: t.sentenceJoiner,
    },
  };
}

const I18nContext = createContext<I18n>(makeI18n('zh-TW', () => {}));

export function I18nProvider({ locale, setLocale, children }: { locale: Locale; setLocale: (l: Locale) => void; children: ReactNode }) {
  const value = useMemo(() => makeI18n(locale, setLocale), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
