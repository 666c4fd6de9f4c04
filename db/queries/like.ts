/** `text` with LIKE's wildcards and escape character escaped, to be matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
