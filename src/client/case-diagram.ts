// Browser entry (bundled by scripts/build-client.mjs into src/public/build/case-diagram.js): shows the case's
// process with the bpmn-js NavigatedViewer, marking the current position (open tasks) and the path taken. The
// diagram is fitted to the width at a readable scale and centred on the current step; drag pans, the wheel and the
// toolbar buttons zoom, and with focus on the diagram the arrow keys move it. An ended case opens on its end event.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

interface DiagramData {
  xml: string;
  current: string[];
  done: string[];
}
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface ElementLike extends Partial<Box> {
  id: string;
  type: string;
  waypoints?: unknown;
  businessObject?: { sourceRef?: { id: string }; targetRef?: { id: string } };
}
interface Canvas {
  addMarker(id: string, cls: string): void;
  zoom(level?: number | 'fit-viewport', center?: 'auto' | { x: number; y: number }): number;
  viewbox(box?: Box): Box & { scale: number; inner: Box; outer: { width: number; height: number } };
  resized(): void;
}

/** Below this scale the labels of the tasks are too small to read: the diagram is panned instead of shrunk. */
const READABLE_SCALE = 0.65;
const PADDING = 24;

async function main(): Promise<void> {
  const container = document.getElementById('case-diagram');
  const dataEl = document.getElementById('case-diagram-data');
  if (!container || !dataEl?.textContent) return;
  const data = JSON.parse(dataEl.textContent) as DiagramData;
  const viewer = new NavigatedViewer({ container });
  try {
    await viewer.importXML(data.xml);
  } catch {
    container.textContent = container.dataset.unavailable ?? '';
    return;
  }
  const canvas = viewer.get('canvas') as Canvas;
  const registry = viewer.get('elementRegistry') as {
    get(id: string): ElementLike | undefined;
    filter(fn: (e: ElementLike) => boolean): ElementLike[];
  };
  const done = new Set(data.done);
  const current = new Set(data.current);
  for (const id of done) if (registry.get(id)) canvas.addMarker(id, 'case-done');
  for (const id of current) if (registry.get(id)) canvas.addMarker(id, 'case-current');
  // a sequence flow counts as taken when its source was passed and its target was passed or is current
  for (const flow of registry.filter((e) => e.type === 'bpmn:SequenceFlow')) {
    const source = flow.businessObject?.sourceRef?.id;
    const target = flow.businessObject?.targetRef?.id;
    if (source && target && done.has(source) && (done.has(target) || current.has(target)))
      canvas.addMarker(flow.id, 'case-done');
  }

  /** The box around the given elements' shapes, or undefined when none is on the diagram. */
  const boxOf = (ids: Iterable<string>): Box | undefined => {
    const shapes = [...ids]
      .map((id) => registry.get(id))
      .filter((e): e is ElementLike & Box => Boolean(e && !e.waypoints && e.width !== undefined));
    if (!shapes.length) return undefined;
    const x = Math.min(...shapes.map((s) => s.x));
    const y = Math.min(...shapes.map((s) => s.y));
    return {
      x,
      y,
      width: Math.max(...shapes.map((s) => s.x + s.width)) - x,
      height: Math.max(...shapes.map((s) => s.y + s.height)) - y,
    };
  };
  /** The current step(s); undefined when the case has none (ended, or not started). */
  const currentBox = () => boxOf(current);
  /** Where the view opens: the current step, or for an ended case the end event it reached. */
  const focusBox = () => currentBox() ?? boxOf([...done].filter((id) => registry.get(id)?.type === 'bpmn:EndEvent'));

  /** Shows the diagram at `scale`, centred on `focus` (or from its left edge), within the diagram's bounds. */
  const show = (scale: number, focus?: Box) => {
    const { inner, outer } = canvas.viewbox();
    const width = outer.width / scale;
    const height = outer.height / scale;
    const cx = focus ? focus.x + focus.width / 2 : inner.x - PADDING / scale + width / 2;
    const cy = focus ? focus.y + focus.height / 2 : inner.y + inner.height / 2;
    canvas.viewbox({ x: cx - width / 2, y: cy - height / 2, width, height });
  };

  /** Fit to the width at a readable scale; the height follows the diagram; centred on the current step. */
  const fitToWidth = () => {
    const { inner, outer } = canvas.viewbox();
    const scale = Math.min(1, Math.max(READABLE_SCALE, (outer.width - 2 * PADDING) / inner.width));
    const wanted = Math.round(inner.height * scale + 2 * PADDING);
    const height = Math.min(Math.max(wanted, 240), Math.round(window.innerHeight * 0.75));
    if (Math.abs(container.clientHeight - height) > 2) {
      container.style.height = `${height}px`;
      canvas.resized();
    }
    const focus = focusBox();
    // the whole width fits: show it all (the current step is in view); otherwise centre on the current step
    show(scale, scale * inner.width <= outer.width - 2 * PADDING ? undefined : focus);
  };

  fitToWidth();
  const toolbar = document.getElementById('case-diagram-toolbar');
  if (toolbar) {
    toolbar.hidden = false;
    const on = (action: string, fn: () => void) =>
      toolbar.querySelector(`[data-action="${action}"]`)?.addEventListener('click', fn);
    on('zoom-in', () => canvas.zoom(canvas.zoom() * 1.25, 'auto'));
    on('zoom-out', () => canvas.zoom(canvas.zoom() / 1.25, 'auto'));
    on('fit', () => canvas.zoom('fit-viewport', 'auto'));
    on('current', () => show(Math.max(canvas.zoom(), READABLE_SCALE), currentBox()));
    const toCurrent = toolbar.querySelector<HTMLButtonElement>('[data-action="current"]');
    if (toCurrent && !currentBox()) toCurrent.hidden = true;
  }
  // arrow keys scroll and +/- zoom while the diagram has focus (the container is focusable)
  (viewer.get('keyboard') as { bind?(node: Element): void }).bind?.(container);
  document.body.dataset.diagramReady = 'true';
}

void main();
