// NextAuth returns `error` as a code ("CredentialsSignin", OAuth codes) or, when authorize() throws,
// the thrown message. Turn both into a sentence.
const CODES: Record<string, string> = {
  CredentialsSignin: "That email and password don't match an account.",
  OAuthSignin: "Couldn't start signing in with that provider. Try again.",
  OAuthCallback: "The provider didn't complete the sign-in. Try again.",
  OAuthAccountNotLinked: "That email already has an account. Sign in with your password first.",
  AccessDenied: "Your account isn't allowed to sign in here. Ask an admin for an invite.",
  SessionRequired: "Please sign in to continue.",
  NoAccount: "No AIOS account uses that email. Ask an admin for an invite, then sign in.",
  Callback: "Sign-in failed. Try again.",
};
const FALLBACK = "Sign-in failed. Try again.";
const RATE_LIMITED = "Too many sign-in attempts. Wait a few minutes and try again.";

const isSentence = (text: string) => /\s/.test(text) && text.length < 200;

export function signInErrorMessage(error: string | null | undefined, status?: number): string | null {
  if (!error) return null;
  if (status === 429 || /rate.?limit|too many/i.test(error)) return isSentence(error) ? error : RATE_LIMITED;
  return CODES[error] ?? (isSentence(error) ? error : FALLBACK);
}
