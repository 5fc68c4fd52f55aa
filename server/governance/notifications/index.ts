import "server-only";

export { notify, type NewNotification } from "./notify";
export { listNotifications, markRead, unreadCount, INBOX_LIMIT } from "./inbox";
export { notifyForEvent } from "./from-event";
export { configureMail, mailEnabled, mailNotifications, type MailConfig } from "./mail";
