/**
 * The portal's credit presets (`[Photo provided to China Daily]`) as buttons beside a Credit
 * field: one click puts the preset in the field. The one in the field shows as pressed. Nothing
 * is shown when the profile has no presets.
 */
export function CreditPresets({
  presets,
  current,
  onChoose,
}: {
  presets: readonly string[];
  /** The credit in the field now. */
  current: string;
  onChoose(preset: string): void;
}) {
  if (presets.length === 0) return null;
  return (
    <div className="photo-presets">
      <span className="photo-presets-label">Preset:</span>
      {presets.map((preset) => (
        <button
          key={preset}
          type="button"
          className="preset"
          aria-pressed={current === preset}
          onClick={() => onChoose(preset)}
        >
          {preset}
        </button>
      ))}
    </div>
  );
}
