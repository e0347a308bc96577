/**
 * The one module that imports the webview UI toolkit. Panels call registerToolkit() once and use
 * the `vscode-*` tags; swapping to @vscode-elements/elements (same tag names) means editing only
 * this file. Never load both libraries in one webview: both define the same custom elements.
 *
 * The Dataset and Composer panels use it under the panels' strict CSP (no 'unsafe-inline'). FAST's
 * focus-visible probe (fast-web-utilities canUseFocusVisible, run when the bundle loads) appends a
 * <style> element; it passes because the page names its nonce in `<meta property="csp-nonce">` and
 * style-src allows that nonce (extension/vscode/panels/html.ts pageSecurity). A nonce cannot allow a
 * style attribute, so elements whose template sets one (vscode-badge, vscode-progress-ring) are not
 * used in the panels: the composer's cost badge is a native <span>.
 * test/integration/vscode-dataset-composer-webview.test.ts checks both panels raise no violation.
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
