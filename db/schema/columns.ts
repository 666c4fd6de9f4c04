import { timestamp } from "drizzle-orm/pg-core";

/** Shared timestamp columns; every table carries them. */
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const timestamps = {
  createdAt: createdAt(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};
export const tz = () => timestamp({ withTimezone: true });
