/**
 * What a request gives a server action, stood in for tests that call actions directly with a
 * real database: the session (`auth()` answers `actionHarness.session`: claims backed by a real
 * session row), Next's cache (no-ops) and `after` (tasks collected in `actionHarness.after`, for
 * the test to await). A test file wires it with three lines, before importing any action:
 *
 *   vi.mock("@/lib/auth", () => import("../helpers/action-harness").then((h) => h.authStandIn()));
 *   vi.mock("next/cache", () => import("../helpers/action-harness").then((h) => h.cacheStandIn()));
 *   vi.mock("next/server", (o) => import("../helpers/action-harness").then((h) => h.serverStandIn(o)));
 *
 * This module must not import the modules it stands in for.
 */
export const actionHarness = {
  session: null as null | { claims: Record<string, unknown> },
  after: [] as Promise<unknown>[],
};

export function authStandIn() {
  return {
    auth: async () => actionHarness.session,
    signIn: async () => {
      throw new Error("signIn is not expected in these tests");
    },
    signOut: async () => undefined,
    handlers: {},
  };
}

export function cacheStandIn() {
  return { revalidatePath: () => undefined, revalidateTag: () => undefined };
}

export async function serverStandIn(importOriginal: <T>() => Promise<T>) {
  return {
    ...(await importOriginal<typeof import("next/server")>()),
    after: (task: (() => unknown) | Promise<unknown>) =>
      void actionHarness.after.push(Promise.resolve(typeof task === "function" ? task() : task)),
  };
}
