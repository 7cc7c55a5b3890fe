// eSCL's JPEG compression setting: ScannerCapabilities may advertise scan:CompressionFactorSupport (Min, Max,
// Normal, Step) and ScanSettings may then carry scan:CompressionFactor within it. We ask for the factor that
// matches the profile's JPEG quality, so a scanner JPEG arrives no finer than the profile and the pipeline
// stores it as sent (no decode, no second JPEG generation); a device that advertises nothing is asked nothing.
import { child, type XmlElement } from './xml';

export interface EsclRange {
  min: number;
  max: number;
  step: number;
  normal?: number;
}

/**
 * A CompressionFactorSupport element, or undefined when it is absent or does not make sense (not whole
 * numbers, Min above Max, Normal outside them: sane-airscan ignores such a range too; a device that
 * contradicts itself is better left at its own setting). A missing or non-positive Step is 1.
 */
export function parseEsclRange(el: XmlElement | undefined): EsclRange | undefined {
  if (!el) return undefined;
  const num = (name: string) => {
    const t = child(el, name)?.text.trim();
    return t && /^-?\d+$/.test(t) ? Number(t) : undefined;
  };
  const min = num('Min');
  const max = num('Max');
  const normal = num('Normal');
  const step = num('Step');
  if (min === undefined || max === undefined || min > max) return undefined;
  if (child(el, 'Normal') && (normal === undefined || normal < min || normal > max)) return undefined;
  return { min, max, step: step && step > 0 ? step : 1, ...(normal !== undefined ? { normal } : {}) };
}

/** How far (in libjpeg quality points) a coarser step may take a page below the profile to pass through. */
const COARSER_TOLERANCE = 5;

/**
 * The CompressionFactor for a libjpeg quality (1–100). The factor runs the other way from a quality: a higher
 * factor is more compression, a smaller file and a coarser image (sane-airscan asks for Min to get the best
 * quality; OpenPrinting's go-mfp: "lower num, better image"). Its scale is the device's own, so the quality's
 * distance from 100 is placed on the advertised range: factor = Min + (100 − q) / 100 × (Max − Min), which is
 * 100 − q on the common 0–100 (25 for q75). The value is put on the device's steps (Min, Min + Step, …):
 * the coarser step, so the page comes no finer than the profile and is stored as sent, unless that costs
 * more than COARSER_TOLERANCE quality points; then the finer step (the page is re-encoded to the profile's
 * quality, never stored worse than the profile asks).
 */
export function esclCompressionFactor(quality: number, range: EsclRange): number {
  const q = Math.max(1, Math.min(100, quality));
  const span = range.max - range.min;
  if (span === 0) return range.min;
  const exact = range.min + ((100 - q) / 100) * span;
  const stepsUp = Math.min(Math.ceil((exact - range.min) / range.step - 1e-9), Math.floor(span / range.step));
  const coarser = range.min + stepsUp * range.step;
  const finer = range.min + Math.floor((exact - range.min) / range.step + 1e-9) * range.step;
  if (coarser >= exact && ((coarser - exact) / span) * 100 <= COARSER_TOLERANCE) return coarser;
  return Math.min(finer, range.max);
}
