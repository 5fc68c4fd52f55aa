import { humanize } from "./format";

// Audit actions are procedure paths ("projects.approveChange"); people read what happened ("Approved a change").

const LABELS: Record<string, string> = {
  "auth.sign_in": "Signed in",
  "auth.sign_out": "Signed out",
  "init.owner": "Created the first owner",
  "budget.threshold": "Budget threshold reached",
  "setup.create": "Set up AIOS",
  "invites.accept": "Accepted an invite",
  "account.update": "Updated their profile",
  "account.changePassword": "Changed their password",
  "account.revokeSession": "Signed out a session",
  "members.invite": "Invited a member",
  "members.revokeInvite": "Revoked an invite",
  "members.setRole": "Changed a member's role",
  "members.setStatus": "Enabled or disabled a member",
  "members.signOutEverywhere": "Signed a member out everywhere",
  "members.remove": "Removed a member",
  "projects.create": "Created a project",
  "projects.approve": "Approved a plan",
  "projects.savePlan": "Edited a plan",
  "projects.cancel": "Cancelled a project",
  "projects.approveChange": "Approved a change",
  "projects.cancelChange": "Cancelled a change",
  "projects.rename": "Renamed a project",
  "projects.archive": "Archived a project",
  "projects.restore": "Restored a project",
  "projects.delete": "Deleted a project",
  "projects.pause": "Paused a project",
  "projects.resume": "Resumed a project",
  "projects.updateSettings": "Changed project settings",
  "projects.retryTask": "Retried a task",
  "projects.answer": "Answered an agent",
  "projects.decideCommand": "Decided on a command",
  "agents.create": "Created an agent",
  "agents.update": "Updated an agent",
  "api-keys.create": "Created an API key",
  "api-keys.rotate": "Rotated an API key",
  "api-keys.revoke": "Revoked an API key",
  "api-keys.revokeAny": "Revoked an API key",
  "budgets.create": "Created a budget",
  "budgets.update": "Changed a budget",
  "budgets.delete": "Deleted a budget",
  "budgets.raiseAndContinue": "Raised a budget",
  "models.addProvider": "Added a model provider",
  "models.updateProvider": "Changed a model provider",
  "models.removeProvider": "Removed a model provider",
  "models.setPrice": "Changed a model's price",
  "chat.rename": "Renamed a conversation",
  "chat.archive": "Archived a conversation",
  "chat.delete": "Deleted a conversation",
  "workspace.save": "Edited a file",
};

/** "Approved a plan"; an action without a label reads "Projects: approve change". */
export function auditActionLabel(action: string): string {
  const known = LABELS[action];
  if (known) return known;
  const [area, ...rest] = action.split(".");
  const verb = rest.join(" ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return verb ? `${humanize(area!.replace(/-/g, " "))}: ${verb}` : humanize(action);
}

const TARGETS: Record<string, string> = {
  project: "Project",
  agent: "Agent",
  apiKey: "API key",
  budget: "Budget",
  change_request: "Change",
  command_approval: "Command",
  invite: "Invite",
  org: "Organization",
  question: "Question",
  session: "Session",
  task: "Task",
  user: "Member",
};

export function auditTargetLabel(targetType: string): string {
  return TARGETS[targetType] ?? humanize(targetType);
}
