import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-20 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-700">There is no developer portal or page at this address.</p>
      <Link href="/" className="mt-4 inline-block text-brand-700 underline">
        Go to the start page
      </Link>
    </main>
  );
}
