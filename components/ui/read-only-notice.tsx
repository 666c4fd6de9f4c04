import { Alert } from "./alert";

/** Shown above configuration a viewer may read but not change (every action refuses them anyway). */
export function ReadOnlyNotice({ role, className = "mb-4" }: { role: string; className?: string }) {
  return (
    <Alert className={className} tone="info" title="Read only">
      Your role ({role}) can look at this but not change it.
    </Alert>
  );
}
