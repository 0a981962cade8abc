// Tree-shaken ECharts: only the charts, components and renderers the lab draws with.
import * as echarts from 'echarts/core'
import { HeatmapChart, LineChart, ParallelChart } from 'echarts/charts'
import {
  DataZoomInsideComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  ParallelComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  VisualMapContinuousComponent
} from 'echarts/components'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

echarts.use([
  LineChart,
  HeatmapChart,
  ParallelChart,
  ParallelComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  DataZoomInsideComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
  SVGRenderer
])

export { echarts }
export type ChartOption = echarts.EChartsCoreOption
