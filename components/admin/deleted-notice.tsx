import { Alert } from "@/components/ui/alert";

/** "… deleted." above a console list that a deletion came back to (lib/actions/after-delete.ts). */
export async function DeletedNotice({
  searchParams,
  children,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
  children: React.ReactNode;
}) {
  if ((await searchParams).deleted !== "1") return null;
  return (
    <Alert tone="success" className="mb-4">
      {children}
    </Alert>
  );
}
