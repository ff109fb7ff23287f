// Browser entry (bundled by scripts/build-client.mjs into src/public/build/case-diagram.js): shows the case's
// process with the bpmn-js NavigatedViewer, marking the current position (open tasks) and the path taken.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

interface DiagramData { xml: string; current: string[]; done: string[] }
interface ElementLike { id: string; type: string; businessObject?: { sourceRef?: { id: string }; targetRef?: { id: string } } }

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
  const canvas = viewer.get('canvas') as { addMarker(id: string, cls: string): void; zoom(level: string): void };
  const registry = viewer.get('elementRegistry') as { get(id: string): ElementLike | undefined; filter(fn: (e: ElementLike) => boolean): ElementLike[] };
  const done = new Set(data.done);
  const current = new Set(data.current);
  for (const id of done) if (registry.get(id)) canvas.addMarker(id, 'case-done');
  for (const id of current) if (registry.get(id)) canvas.addMarker(id, 'case-current');
  // a sequence flow counts as taken when its source was passed and its target was passed or is current
  for (const flow of registry.filter((e) => e.type === 'bpmn:SequenceFlow')) {
    const source = flow.businessObject?.sourceRef?.id;
    const target = flow.businessObject?.targetRef?.id;
    if (source && target && done.has(source) && (done.has(target) || current.has(target))) canvas.addMarker(flow.id, 'case-done');
  }
  canvas.zoom('fit-viewport');
  // arrow keys scroll and +/- zoom while the diagram has focus (the container is focusable)
  (viewer.get('keyboard') as { bind?(node: Element): void }).bind?.(container);
  document.body.dataset.diagramReady = 'true';
}

void main();
