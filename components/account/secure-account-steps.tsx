/** What "This wasn't me" does, shown above its button (developer portal and admin console). */
export function SecureAccountSteps({ address }: { address: string }) {
  return (
    <ul className="mb-6 mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
      <li>every session is logged out;</li>
      <li>the current password stops working;</li>
      <li>
        the account&apos;s email goes back to{" "}
        <span className="break-all font-medium">{address}</span>, and we send a link to choose a new
        password there.
      </li>
    </ul>
  );
}
