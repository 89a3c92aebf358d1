// Charts as inline SVG, rendered on the server by echarts' SSR (no browser, no canvas).
import * as echarts from 'echarts';
import type { ReportChart } from '../types.ts';

const WIDTH = 720;
const HEIGHT = 260;

export function chartSvg(chart: ReportChart): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    instance.setOption(chart.option);
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}
