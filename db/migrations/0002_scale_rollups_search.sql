-- pg_trgm serves partial-match search (developers_email_trgm_idx, keys_alias_trgm_idx); PGlite loads it in db/index.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"org_id" text NOT NULL,
	"key_id" text NOT NULL,
	"developer_id" text NOT NULL,
	"api_id" text NOT NULL,
	"day" date NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"successes" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_daily_key_id_day_api_id_pk" PRIMARY KEY("key_id","day","api_id")
);
--> statement-breakpoint
CREATE TABLE "usage_org_daily" (
	"org_id" text NOT NULL,
	"api_id" text NOT NULL,
	"day" date NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"successes" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_org_daily_org_id_day_api_id_pk" PRIMARY KEY("org_id","day","api_id")
);
--> statement-breakpoint
DROP INDEX "developers_org_created_idx";--> statement-breakpoint
DROP INDEX "key_requests_org_status_idx";--> statement-breakpoint
DROP INDEX "audit_log_org_created_idx";--> statement-breakpoint
DROP INDEX "email_outbox_org_created_idx";--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_key_id_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_developer_id_developers_id_fk" FOREIGN KEY ("developer_id") REFERENCES "public"."developers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_api_id_apis_id_fk" FOREIGN KEY ("api_id") REFERENCES "public"."apis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_org_daily" ADD CONSTRAINT "usage_org_daily_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_org_daily" ADD CONSTRAINT "usage_org_daily_api_id_apis_id_fk" FOREIGN KEY ("api_id") REFERENCES "public"."apis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_daily_org_day_idx" ON "usage_daily" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "developers_email_trgm_idx" ON "developers" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "keys_org_created_idx" ON "keys" USING btree ("org_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "keys_org_status_idx" ON "keys" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "keys_alias_trgm_idx" ON "keys" USING gin ("alias" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "keys_org_start_idx" ON "keys" USING btree ("org_id","start" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "developers_org_created_idx" ON "developers" USING btree ("org_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "key_requests_org_status_idx" ON "key_requests" USING btree ("org_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_org_created_idx" ON "audit_log" USING btree ("org_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "email_outbox_org_created_idx" ON "email_outbox" USING btree ("org_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- Backfill the daily rollups from the hourly rows already stored (UTC days).
INSERT INTO "usage_daily" ("org_id","key_id","developer_id","api_id","day","requests","successes","errors")
  SELECT "org_id","key_id","developer_id","api_id",("hour" AT TIME ZONE 'UTC')::date,sum("requests"),sum("successes"),sum("errors")
  FROM "usage_hourly" GROUP BY 1,2,3,4,5;--> statement-breakpoint
INSERT INTO "usage_org_daily" ("org_id","api_id","day","requests","successes","errors")
  SELECT "org_id","api_id","day",sum("requests"),sum("successes"),sum("errors")
  FROM "usage_daily" GROUP BY 1,2,3;
