/**
 * Workspace Trust: anything that launches a process (train, evaluate, resume, sweeps, probe)
 * needs a trusted workspace — a spec or setting from an untrusted folder must not run code. The
 * commands are hidden by `isWorkspaceTrusted` when-clauses, and guarded here as well.
 */
import * as vscode from 'vscode';

const MANAGE_TRUST = 'Manage Workspace Trust';

/** True when trusted; otherwise says why the action is refused, with a way to grant trust. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `VLA Lab: ${action} needs a trusted workspace: it runs Python and the commands your spec and settings name. Trust this folder to ${action.toLowerCase()}; validation, IntelliSense and results keep working in Restricted Mode.`,
      MANAGE_TRUST,
    )
    .then((choice) => {
      if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
