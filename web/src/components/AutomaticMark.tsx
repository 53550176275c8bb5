// The chip on a vlog the automatic daily vlog made.
import { useFamilyWords } from '../familyWords.ts';
import '../family.css';

export function AutomaticMark() {
  return (
    <span className="status-chip auto" data-testid="automatic-mark">
      {useFamilyWords().automatic}
    </span>
  );
}
