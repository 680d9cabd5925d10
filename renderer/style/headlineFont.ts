import {
  HEADLINE_FONT_WEIGHT,
  withSquareCjk,
  type MeasureText,
} from '../../shared/style/headlineFit';

/** The family name the bundled Arimo Bold is loaded under (never the system's Arial). */
const FAMILY = 'Workstation Headline Arimo';
const ARIMO_BOLD = new URL(
  '../../node_modules/@fontsource/arimo/files/arimo-latin-700-normal.woff2',
  import.meta.url,
).href;

let loading: Promise<MeasureText> | null = null;

/**
 * A measure of headline text in Arimo Bold, bundled with the app: Arimo has Arial's metrics, so
 * every workstation counts a headline's lines the same, whatever fonts it has. Resolves once the
 * font is loaded (it is part of the app: no network).
 */
export function headlineMeasure(): Promise<MeasureText> {
  loading ??= (async () => {
    const face = new FontFace(FAMILY, `url(${ARIMO_BOLD})`, {
      weight: String(HEADLINE_FONT_WEIGHT),
    });
    document.fonts.add(await face.load());
    const context = document.createElement('canvas').getContext('2d');
    if (context === null) throw new Error('No canvas to measure text with');
    const widths = new Map<string, number>();
    return withSquareCjk((text, fontPx) => {
      const key = `${fontPx}|${text}`;
      let width = widths.get(key);
      if (width === undefined) {
        context.font = `${HEADLINE_FONT_WEIGHT} ${fontPx}px "${FAMILY}"`;
        width = context.measureText(text).width;
        if (widths.size > 5000) widths.clear();
        widths.set(key, width);
      }
      return width;
    });
  })();
  return loading;
}
