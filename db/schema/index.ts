export * from "./organisations";
export * from "./users";
export * from "./catalog";
export * from "./keys";
export * from "./oauth";
export * from "./usage";
export * from "./system";
