import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
} from 'chart.js';

// Only the pieces the app draws, so the bundle stays small.
Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.animation = false;

const live = new Set<Chart>();

/** A chart in `canvas`; `onPick(index)` runs when a bar, point or slice is clicked (into a search). */
export function chart<T extends ChartType>(canvas: HTMLCanvasElement, config: ChartConfiguration<T>, onPick?: (index: number, datasetIndex: number) => void): Chart<T> {
  const c = new Chart(canvas, {
    ...config,
    options: {
      ...(config.options ?? {}),
      onClick: (_event, elements) => {
        const first = elements[0];
        if (first && onPick) onPick(first.index, first.datasetIndex);
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length && onPick ? 'pointer' : 'default';
      },
    },
  } as ChartConfiguration<T>);
  live.add(c as unknown as Chart);
  return c;
}

/** Charts of the previous page are destroyed when the page changes (they hold listeners). */
export function destroyCharts(): void {
  for (const c of live) c.destroy();
  live.clear();
}
