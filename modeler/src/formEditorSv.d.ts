export function swedishEditorText(text: string): string | undefined;
export const swedishFormEditorModule: Record<string, unknown>;
export function keepFormEditorSwedish(root: Element): MutationObserver;
