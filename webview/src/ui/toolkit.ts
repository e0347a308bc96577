/**
 * The one module that imports the webview UI toolkit. Panels call registerToolkit() once and use
 * the `vscode-*` tags; swapping to @vscode-elements/elements (same tag names) means editing only
 * this file. Never load both libraries in one webview: both define the same custom elements.
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
