/** Only same-site paths: an open redirect would make phishing links look like ours. */
export function safeCallbackUrl(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  if (!url || !url.startsWith("/") || url.startsWith("//") || url.startsWith("/\\")) return "/";
  if (url.startsWith("/sign-in") || url.startsWith("/setup")) return "/";
  return url;
}
