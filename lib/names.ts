import { z } from "zod";

// Names people give things, with limits the forms show and the server enforces in the same words.
export const PROJECT_NAME_MAX = 100;
export const CONVERSATION_TITLE_MAX = 80;

export const ProjectName = z
  .string()
  .trim()
  .min(2, "Project name needs at least 2 characters")
  .max(PROJECT_NAME_MAX, `Project name can be at most ${PROJECT_NAME_MAX} characters`);

export const ConversationTitle = z
  .string()
  .trim()
  .min(1, "Give the conversation a title")
  .max(CONVERSATION_TITLE_MAX, `A conversation title can be at most ${CONVERSATION_TITLE_MAX} characters`);
