ALTER TABLE "keys" DROP COLUMN "prefix";--> statement-breakpoint
ALTER TABLE "keys" DROP COLUMN "rotated_from_id";