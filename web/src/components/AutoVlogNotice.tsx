// Why the day has no automatic vlog (skipped or refused), in the page's language; nothing when
// it was made (the vlog itself shows, marked) or when the automatic vlog never ran that day.
import { useQuery } from '@apollo/client/react';
import { AutoVlogRunQuery } from '../familyOperations.ts';
import { useFamilyWords } from '../familyWords.ts';

export function AutoVlogNotice({ date }: { date: string }) {
  const w = useFamilyWords();
  const run = useQuery(AutoVlogRunQuery, { variables: { date }, fetchPolicy: 'cache-and-network' }).data?.autoVlogRun;
  if (!run || run.status === 'MADE') return null;
  const why = (run.reason && w.reasons[run.reason]) || run.message || '';
  const text = run.status === 'RUNNING' ? w.autoRunning : run.status === 'SKIPPED' ? w.autoSkipped(why) : w.autoFailed(run.message || why);
  return (
    <p className={`notice${run.status === 'FAILED' ? ' error' : ''}`} role="status" data-testid="auto-vlog-notice">
      {text}
    </p>
  );
}
