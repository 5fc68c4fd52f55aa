import "server-only";

export { approvePlan, cancelProject, pauseProject, resumeProject, retryTask, answerQuestion, updateProjectSettings } from "./lifecycle";
export { handleChatTurn, statusReport, type ChatTurn } from "./intake";
export { approveChange, cancelChange, listChanges } from "./change-requests";
export { planRequest, priced } from "./planner";
export { scheduleReady, settleProject } from "./scheduler";
export { claimRun, heartbeat, reapStaleRuns } from "./runs";
