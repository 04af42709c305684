/**
 * ASCII sparklines as Redis's sparkline.c draws them for LATENCY GRAPH. Each sample's value, scaled
 * between the sequence's minimum and maximum, picks one of rows * 3 steps; a column is drawn over
 * `rows` text rows with the characters `_o#` (fill mode, '|' below the top), then after one blank
 * row every sample's label is written vertically, one character per row. Sequences longer than
 * `columns` are drawn in several blocks separated by an empty line.
 */

const CHARSET_FILL = '_o#';
const CHARSET_LEN = CHARSET_FILL.length;
/** Blank rows between the graph and the labels. */
const LABEL_MARGIN_TOP = 1;

export interface SparklineSample {
  value: number;
  /** Empty: no label. */
  label: string;
}

/** Redis's sparklineRender with SPARKLINE_FILL: the drawing, every line ending in "\n". */
export function renderSparkline(samples: readonly SparklineSample[], columns: number, rows: number): string {
  if (samples.length === 0) return '';
  let min = samples[0].value;
  let max = samples[0].value;
  for (const s of samples) {
    if (s.value < min) min = s.value;
    else if (s.value > max) max = s.value;
  }
  const hasLabels = samples.some((s) => s.label !== '');
  let out = '';
  for (let offset = 0; offset < samples.length; offset += columns) {
    if (offset !== 0) out += '\n';
    out += renderRange(samples.slice(offset, offset + columns), min, max, rows, hasLabels);
  }
  return out;
}

/** sparklineRenderRange: one block of at most `columns` samples. */
function renderRange(samples: readonly SparklineSample[], min: number, max: number, rows: number, hasLabels: boolean): string {
  const relmax = max - min === 0 ? 1 : max - min;
  const steps = CHARSET_LEN * rows;
  let out = '';
  for (let row = 0; ; row++) {
    const chars: string[] = new Array<string>(samples.length).fill(' ');
    let more = false;
    for (let j = 0; j < samples.length; j++) {
      const s = samples[j];
      // As in C: (int)(relval * steps) / relmax, truncated again into an int.
      let step = Math.trunc(Math.trunc((s.value - min) * steps) / relmax);
      if (step < 0) step = 0;
      if (step >= steps) step = steps - 1;
      if (row < rows) {
        more = true;
        const charIndex = step - (rows - row - 1) * CHARSET_LEN;
        if (charIndex >= 0 && charIndex < CHARSET_LEN) chars[j] = CHARSET_FILL[charIndex];
        else if (charIndex >= CHARSET_LEN) chars[j] = '|';
      } else {
        if (hasLabels && row - rows < LABEL_MARGIN_TOP) {
          more = true;
          break;
        }
        const labelChar = row - rows - LABEL_MARGIN_TOP;
        if (s.label !== '' && s.label.length > labelChar) {
          more = true;
          chars[j] = s.label[labelChar];
        }
      }
    }
    if (!more) return out;
    out += chars.join('') + '\n';
  }
}
