import next from "eslint-config-next";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  { ignores: [".next/**", ".data/**", "node_modules/**", "db/migrations/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
    },
  },
  // Layers: app/ (pages, actions) → components/ and lib/ (domain) → db/ (schema, queries).
  // Shared code never reaches up into a route; db/ uses only the leaf modules named here.
  {
    files: ["components/**", "lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app", "@/app/**"],
              message:
                "components/ and lib/ never import from app/: move a single-use component into its route folder, or take the action as a prop.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["db/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex:
                "^@/(app|components)(/|$)|^@/lib/(?!(ids|env|keys/format|policies/effective)$)",
              message:
                "db/ holds schema and queries: it may use only the leaf modules lib/ids, lib/env, lib/keys/format and lib/policies/effective.",
            },
          ],
        },
      ],
    },
  },
];
export default config;
