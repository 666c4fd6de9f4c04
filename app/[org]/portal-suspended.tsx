import { PauseCircle } from "lucide-react";

/**
 * R-ORG-CREATE: every page of a suspended organisation's portal (the layout shows this instead of
 * the page). Not a 404: the portal exists, and its developers should know it is closed for now.
 */
export function PortalSuspended({ name }: { name: string }) {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-20 text-center">
      <PauseCircle className="mx-auto size-10 text-slate-500" aria-hidden />
      <h1 className="mt-4 text-2xl font-semibold text-slate-900">This portal is suspended</h1>
      <p className="mt-2 text-slate-700">
        The developer portal of {name} is not available at the moment: nobody can log in or sign up,
        and its API keys are not accepted. Nothing has been deleted. Please contact {name} if you
        need access.
      </p>
    </main>
  );
}
