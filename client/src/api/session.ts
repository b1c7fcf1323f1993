// The web session: souq keeps the credential in an HttpOnly cookie that no script reads.
import { ApiError, CLIENT_HEADER } from "./graphql";

export type Role = "PERSON" | "DEVELOPER" | "ADMIN";

/** Who is signed in to this browser. */
export interface Session {
  username: string;
  role: Role;
}

async function call(method: string, body?: unknown): Promise<Response> {
  try {
    return await fetch("/session", {
      method,
      credentials: "same-origin",
      headers: { ...CLIENT_HEADER, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError("souq cannot be reached: check your connection", "NETWORK");
  }
}

async function failure(response: Response): Promise<ApiError> {
  let message = `souq answered ${response.status}`;
  let code = "ERROR";
  try {
    const body = await response.json();
    // souq answers `{"error": CODE, "message": ...}`
    message = body.message ?? message;
    code = body.error ?? code;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(message, code);
}

/** The signed-in person, or null when this browser has no valid session. */
export async function currentSession(): Promise<Session | null> {
  const response = await call("GET");
  if (response.status === 401) return null;
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** Sign in; souq sets the session cookie. */
export async function signIn(username: string, password: string): Promise<Session> {
  const response = await call("POST", { username, password });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** Sign out: souq revokes the session and closes its sockets. */
export async function signOut(): Promise<void> {
  const response = await call("DELETE");
  if (!response.ok && response.status !== 401) throw await failure(response);
}
