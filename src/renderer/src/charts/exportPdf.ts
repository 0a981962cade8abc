// Vector PDF of a figure: the chart's SVG (exportChart.renderSvg, at the figure's size) drawn into
// a PDF page of the figure's physical size by svg2pdf.js. jspdf and svg2pdf.js are loaded only here,
// by dynamic import, when a PDF is asked for. Text stays text: the standard PDF fonts have no
// Greek, so a subset of DejaVu Sans (Latin, Greek, math operators, sub/superscripts) is embedded
// and every text of the SVG is set in it.
import { renderSvg, type ChartBuilder, type FigureSpec } from './exportChart'
import { PDF_FONT, pdfReadySvg } from './pdfFont'

/** the font, base64: a chunk of its own (Vite's ?inline), fetched with the PDF code, never before */
async function loadFont(): Promise<string> {
  const { default: dataUrl } = await import('@renderer/assets/fonts/DejaVuSans-lab.ttf?inline')
  return dataUrl.slice(dataUrl.indexOf(',') + 1)
}

/**
 * The PDF bytes of a figure. Page size: the figure's layout px at 96 per inch,
 * in points (1 pt = 1/72 in).
 */
export async function renderPdf(build: ChartBuilder, spec: FigureSpec): Promise<Blob> {
  const dpi = 96 // layout px are CSS px; the page keeps the figure's physical size
  const [{ jsPDF }, , font] = await Promise.all([import('jspdf'), import('svg2pdf.js'), loadFont()])
  const svgText = pdfReadySvg(renderSvg(build, spec))
  const wPt = (spec.width * 72) / dpi
  const hPt = (spec.height * 72) / dpi
  const doc = new jsPDF({ unit: 'pt', format: [wPt, hPt], orientation: wPt >= hPt ? 'landscape' : 'portrait', compress: false })
  doc.addFileToVFS('DejaVuSans-lab.ttf', font)
  doc.addFont('DejaVuSans-lab.ttf', PDF_FONT, 'normal')
  doc.addFont('DejaVuSans-lab.ttf', PDF_FONT, 'bold')
  doc.setFont(PDF_FONT, 'normal')
  const host = document.createElement('div')
  host.style.cssText = `position:fixed;left:-20000px;top:0;width:${spec.width}px;height:${spec.height}px;`
  host.innerHTML = svgText
  document.body.appendChild(host)
  try {
    const svg = host.querySelector('svg')
    if (!svg) throw new Error('the chart gave no SVG')
    await doc.svg(svg, { x: 0, y: 0, width: wPt, height: hPt })
  } finally {
    host.remove()
  }
  return doc.output('blob')
}
