// Browser entry (bundled by scripts/build-client.mjs into src/public/build/dashboard.js): the heatmap overlay on the
// BPMN diagrams (bpmn-js NavigatedViewer) and the bar charts (chart.js) of /styrgrupp. Every figure is also a table
// on the page, so nothing here is the only way to read a number; charts use patterns and printed values besides colour.
import 'bpmn-js/dist/assets/diagram-js.css';
import './dashboard.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, type Plugin, Tooltip } from 'chart.js';

interface ChartSpec {
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
  unit: string;
  unitLabel?: string;
  max?: number;
}
interface HeatmapSpec {
  id: string;
  process: string;
  version: number;
  counts: Record<string, number>;
}
interface DashboardData {
  heatmaps: HeatmapSpec[];
  charts: Record<string, ChartSpec>;
  diagramUrl: string;
}

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

function data(): DashboardData | undefined {
  const el = document.getElementById('dashboard-data');
  try {
    return el?.textContent ? (JSON.parse(el.textContent) as DashboardData) : undefined;
  } catch {
    return undefined;
  }
}

/** Darker marker for more waiting cases: 4 levels relative to the busiest step of the diagram. */
const level = (n: number, max: number) => Math.max(1, Math.ceil((4 * n) / max));

async function renderHeatmap(spec: HeatmapSpec, baseUrl: string): Promise<void> {
  const container = document.getElementById(spec.id);
  if (!container) return;
  const status = container.querySelector('.heatmap-status');
  try {
    const res = await fetch(`${baseUrl}/${encodeURIComponent(spec.process)}/${spec.version}`, {
      headers: { accept: 'application/xml' },
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const xml = await res.text();
    status?.remove();
    const viewer = new NavigatedViewer({ container });
    await viewer.importXML(xml);
    const canvas = viewer.get('canvas') as { zoom(v: string): void; addMarker(id: string, cls: string): void };
    const overlays = viewer.get('overlays') as {
      add(id: string, o: { position: Record<string, number>; html: string }): void;
    };
    const registry = viewer.get('elementRegistry') as { get(id: string): unknown };
    canvas.zoom('fit-viewport');
    const max = Math.max(1, ...Object.values(spec.counts));
    for (const [elementId, n] of Object.entries(spec.counts)) {
      if (!registry.get(elementId)) continue; // an element of another version: the table beside still lists it
      canvas.addMarker(elementId, `heat-${level(n, max)}`);
      overlays.add(elementId, {
        position: { top: -14, right: 14 },
        html: `<span class="heat-badge" data-element-id="${elementId.replace(/[^\w-]/g, '')}">${Number(n)}</span>`,
      });
    }
    container.dataset.ready = 'true';
  } catch (err) {
    if (status) status.textContent = 'Diagrammet kunde inte visas; siffrorna står i tabellen.';
    container.dataset.ready = 'error';
    console.warn('heatmap', spec.id, (err as Error).message);
  }
}

/** Hatched and dotted fills, so the two series differ without colour (and in black-and-white print). */
function pattern(kind: number, colour: string): CanvasPattern | string {
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const g = c.getContext('2d');
  if (!g) return colour;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, 8, 8);
  g.fillStyle = colour;
  g.strokeStyle = colour;
  if (kind === 0) {
    g.fillRect(0, 0, 8, 8); // solid
  } else if (kind === 1) {
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(0, 8);
    g.lineTo(8, 0);
    g.moveTo(-2, 2);
    g.lineTo(2, -2);
    g.moveTo(6, 10);
    g.lineTo(10, 6);
    g.stroke();
  } else {
    g.beginPath();
    g.arc(4, 4, 2, 0, 2 * Math.PI);
    g.fill();
  }
  return g.createPattern(c, 'repeat') ?? colour;
}

const COLOURS = ['#1f4e79', '#8a3b00', '#2d6a2d'];

/** Writes each bar's value above it (with the unit), so the chart is read from labels, not from colour or height. */
const valueLabels = (unit: string): Plugin<'bar'> => ({
  id: 'valueLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = '#111';
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    chart.data.datasets.forEach((ds, i) => {
      chart.getDatasetMeta(i).data.forEach((bar, j) => {
        const v = ds.data[j] as number | null;
        if (v === null || v === undefined) return;
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        ctx.fillText(`${String(v).replace('.', ',')}${unit === '%' ? ' %' : ''}`, x, y - 4);
      });
    });
    ctx.restore();
  },
});

function renderChart(id: string, spec: ChartSpec): void {
  const el = document.getElementById(id) as HTMLCanvasElement | null;
  if (!el) return;
  const chart = new Chart(el, {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d, i) => ({
        label: d.label,
        data: d.data,
        backgroundColor: pattern(i, COLOURS[i % COLOURS.length]!),
        borderColor: COLOURS[i % COLOURS.length],
        borderWidth: 2,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: 18 } },
      scales: {
        y: {
          beginAtZero: true,
          ...(spec.max ? { max: spec.max } : {}),
          title: { display: true, text: spec.unitLabel ?? spec.unit },
          ticks: { precision: 0 },
        },
      },
      plugins: { legend: { position: 'bottom' } },
    },
    plugins: [valueLabels(spec.unit)],
  });
  el.dataset.ready = String(Boolean(chart));
}

async function main(): Promise<void> {
  const d = data();
  if (!d) return;
  for (const [id, spec] of Object.entries(d.charts)) renderChart(id, spec);
  await Promise.all(d.heatmaps.map((h) => renderHeatmap(h, d.diagramUrl)));
  document.body.dataset.dashboardReady = 'true';
}

void main();
