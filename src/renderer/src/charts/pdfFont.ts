// The PDF's text font (no DOM here, so the tests can check the SVG rewrite).

/** the family name the embedded font (a DejaVu Sans subset) is registered under in the PDF */
export const PDF_FONT = 'LabSans'

/**
 * Every text in the embedded font at normal weight (svg2pdf falls back to Times, without Greek,
 * for any family or weight the PDF does not hold).
 */
export function pdfReadySvg(svg: string): string {
  return svg
    .replace(/font-family:[^;"]*/g, `font-family:${PDF_FONT}`)
    .replace(/font-family="[^"]*"/g, `font-family="${PDF_FONT}"`)
    .replace(/font-weight:\s*[^;"]*/g, 'font-weight:normal')
    .replace(/font-weight="[^"]*"/g, 'font-weight="normal"')
}
