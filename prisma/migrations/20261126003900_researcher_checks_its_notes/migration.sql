-- The default researcher checks its notes against the acceptance criteria with a command (a task
-- succeeds only with checked criteria): give existing default researchers run_command.
UPDATE "Agent" SET "tools" = array_append("tools", 'run_command')
WHERE "isDefault" = true AND "role" = 'researcher' AND NOT ('run_command' = ANY("tools"));
