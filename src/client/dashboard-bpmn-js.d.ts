// bpmn-js ships no type declarations for its lib/ entry points; the dashboard uses only this much of the viewer.
declare module 'bpmn-js/lib/NavigatedViewer' {
  export default class NavigatedViewer {
    constructor(options: { container: HTMLElement });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    get(service: string): unknown;
    destroy(): void;
  }
}
