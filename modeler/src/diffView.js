// The semantic diff of two versions (GET /api/modeler/diff): lists of added, removed, changed and moved elements, and
// the newer version drawn with bpmn-js with those elements marked (colour plus a text badge, not colour alone).
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

import { fitToCanvas } from './bpmnEditor.js';
import { swedishTranslateModule, translate } from './translate.js';

const el = (tag, { dataset, ...props } = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
};

// Attribute names of BPMN and the camunda: extension, as the properties panel labels them.
const ATTRIBUTES = {
  type: 'elementtyp',
  name: 'namn',
  documentation: 'beskrivning',
  assignee: 'tilldelad',
  candidateGroups: 'kandidatgrupper',
  candidateUsers: 'kandidatanvändare',
  dueDate: 'förfallodatum',
  followUpDate: 'bevakningsdatum',
  priority: 'prioritet',
  formRef: 'formulär-id',
  formRefBinding: 'formulärets bindning',
  formKey: 'formulärnyckel',
  conditionExpression: 'villkor',
  sourceRef: 'från',
  targetRef: 'till',
  default: 'standardflöde',
  eventDefinitions: 'händelsedefinition',
  extensionElements: 'tilläggsinställningar (lyssnare, in- och utdata)',
  topic: 'ämne (topic)',
  type_: 'implementering',
  class: 'Java-klass',
  expression: 'uttryck',
  delegateExpression: 'delegatuttryck',
  resultVariable: 'resultatvariabel',
  asyncBefore: 'asynkront före',
  asyncAfter: 'asynkront efter',
  calledElement: 'anropad process',
  attachedToRef: 'fäst vid',
  cancelActivity: 'avbrytande',
  isInterrupting: 'avbrytande',
  loopCharacteristics: 'multi-instans',
  historyTimeToLive: 'livslängd för historiken',
  isExecutable: 'körbar',
  versionTag: 'versionsmärkning',
  flowNodeRef: 'steg i banan',
  incoming: 'inkommande flöden',
  outgoing: 'utgående flöden',
  messageRef: 'meddelande',
  errorRef: 'fel',
  signalRef: 'signal',
  escalationRef: 'eskalering',
  timeDuration: 'varaktighet',
  timeDate: 'datum',
  timeCycle: 'upprepning',
};

const attributeLabel = (name) =>
  ATTRIBUTES[name.replace(/^camunda:/, '')] ?? ATTRIBUTES[name] ?? name.replace(/^camunda:/, '');
const typeLabel = (type) => translate(type.replace(/(\B[A-Z])/g, ' $1'));
const elementLabel = (e) => (e.name ? `${typeLabel(e.type)} "${e.name}"` : `${typeLabel(e.type)} (${e.id})`);
const short = (v) => (v === null ? 'tomt' : v.length > 80 ? `${v.slice(0, 77)}…` : v);

/** The counts line used by the diff and by the deploy confirmation. */
export function diffSummary(diff) {
  const parts = [];
  if (diff.added.length) parts.push(`${diff.added.length} nya`);
  if (diff.removed.length) parts.push(`${diff.removed.length} borttagna`);
  if (diff.changed.length) parts.push(`${diff.changed.length} ändrade`);
  if (diff.moved.length) parts.push(`${diff.moved.length} flyttade i diagrammet`);
  return parts.length ? `Element: ${parts.join(', ')}.` : 'Inga skillnader.';
}

/** The lists of added, removed, changed and moved elements. */
export function diffLists(diff) {
  const section = (cls, heading, items, render) =>
    items.length
      ? [
          el('h4', { className: cls, textContent: `${heading} (${items.length})` }),
          el(
            'ul',
            { className: `mdl-diff-list ${cls}` },
            ...items.map((e) => el('li', { dataset: { elementId: e.id } }, ...render(e))),
          ),
        ]
      : [];
  return [
    ...section('mdl-diff-added', 'Nya element', diff.added, (e) => [elementLabel(e)]),
    ...section('mdl-diff-removed', 'Borttagna element', diff.removed, (e) => [elementLabel(e)]),
    ...section('mdl-diff-changed', 'Ändrade element', diff.changed, (e) => [
      elementLabel(e),
      el(
        'ul',
        {},
        ...e.changes.map((c) =>
          el('li', { textContent: `${attributeLabel(c.attribute)}: ${short(c.before)} → ${short(c.after)}` }),
        ),
      ),
    ]),
    ...section('mdl-diff-moved', 'Flyttade i diagrammet', diff.moved, (e) => [elementLabel(e)]),
  ];
}

let viewer;

/** Renders the diff into `container`: a summary, the lists, and `xml` (the newer version) with the elements marked. */
export async function renderDiff(container, diff, { title, xml }) {
  container.replaceChildren(el('h3', { className: 'mdl-diff-title', textContent: title }));
  if (diff.identical) {
    container.append(el('p', { className: 'mdl-diff-same', textContent: 'Versionerna är identiska.' }));
    return;
  }
  const canvas = el('div', { id: 'mdl-diff-canvas' });
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${title}: ändrade element är markerade`);
  const legend = el(
    'p',
    { className: 'mdl-diff-legend' },
    el('span', { className: 'mdl-badge mdl-badge-added', textContent: 'Ny' }),
    ' nytt element ',
    el('span', { className: 'mdl-badge mdl-badge-changed', textContent: 'Ändrad' }),
    ' ändrat element ',
    el('span', { className: 'mdl-badge mdl-badge-moved', textContent: 'Flyttad' }),
    ' flyttat. Borttagna element finns inte i den nyare versionen och visas bara i listan.',
  );
  container.append(
    el('p', { className: 'mdl-diff-summary', textContent: diffSummary(diff) }),
    legend,
    canvas,
    ...diffLists(diff),
  );
  viewer?.destroy();
  viewer = new NavigatedViewer({ container: canvas, additionalModules: [swedishTranslateModule] });
  await viewer.importXML(xml);
  const registry = viewer.get('elementRegistry');
  const canvasService = viewer.get('canvas');
  const overlays = viewer.get('overlays');
  const mark = (items, kind, text) => {
    for (const e of items) {
      if (!registry.get(e.id)) continue;
      canvasService.addMarker(e.id, `mdl-diff-${kind}`);
      overlays.add(e.id, 'mdl-diff', {
        position: { top: -12, left: -4 },
        html: `<span class="mdl-badge mdl-badge-${kind}">${text}</span>`,
      });
    }
  };
  mark(diff.added, 'added', 'Ny');
  mark(diff.changed, 'changed', 'Ändrad');
  mark(diff.moved, 'moved', 'Flyttad');
  fitToCanvas(viewer, canvas);
}
