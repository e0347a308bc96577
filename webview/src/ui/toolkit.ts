/**
 * The one module that imports the webview UI toolkit. Panels call registerToolkit() once and use
 * the `vscode-*` tags; swapping to @vscode-elements/elements (same tag names) means editing only
 * this file. Never load both libraries in one webview: both define the same custom elements.
 *
 * No panel imports it now: under the panels' CSP (style-src from the webview's origin, no
 * 'unsafe-inline') the toolkit raises violations. Merely bundling it does: FAST's focus-visible
 * probe (fast-web-utilities canUseFocusVisible, run when the bundle loads) appends a <style>
 * element, which is blocked (style-src-elem), so the probe fails and the toolkit's focus rings fall
 * back to :focus; and vscode-badge's and vscode-progress-ring's templates carry a style attribute
 * (style-src-attr). The Sweep, Dataset and Composer panels use native elements styled by their own
 * CSS instead; test/integration/vscode-dataset-composer-webview.test.ts counts the violations.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDataGrid,
  vsCodeDataGridCell,
  vsCodeDataGridRow,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeLink,
  vsCodeOption,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodePanels,
  vsCodeProgressRing,
  vsCodeTag,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

/** Defines the `vscode-*` custom elements (idempotent). */
export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeBadge(),
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDataGrid(),
    vsCodeDataGridCell(),
    vsCodeDataGridRow(),
    vsCodeDivider(),
    vsCodeDropdown(),
    vsCodeLink(),
    vsCodeOption(),
    vsCodePanels(),
    vsCodePanelTab(),
    vsCodePanelView(),
    vsCodeProgressRing(),
    vsCodeTag(),
    vsCodeTextField(),
  );
}

/** The value of a toolkit text field / dropdown (they keep it in a `value` property). */
export function valueOf(el: Element): string {
  return String((el as unknown as { value?: unknown }).value ?? '');
}

export function setValue(el: Element, value: string): void {
  (el as unknown as { value: string }).value = value;
}
