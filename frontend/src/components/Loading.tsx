import { useId } from "react";

/** A labelled wait (never a spinner with no text); determinate when `progress` (0–100) is given. */
export function Loading({ label, progress }: { label: string; progress?: number }) {
  const id = useId();
  if (progress !== undefined) {
    const value = Math.max(0, Math.min(100, Math.round(progress)));
    return (
      <div className="etp-progress">
        <span id={id} className="etp-progress__label">{label}</span>
        <div className="etp-progress__bar" role="progressbar" aria-labelledby={id} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-valuetext={`${value}%`}>
          <div className="etp-progress__fill" style={{ width: `${value}%` }} />
        </div>
      </div>
    );
  }
  return (
    <div className="etp-loading" role="status">
      <div className="etp-spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
