// ECharts, only what the dashboard draws; loaded as its own chunk (dynamic import).
// Named imports keep the rest of echarts/core out of the bundle.
import { init, use } from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export default { init };
