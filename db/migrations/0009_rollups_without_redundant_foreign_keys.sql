ALTER TABLE "quota_usage" DROP CONSTRAINT "quota_usage_org_id_organisations_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_daily" DROP CONSTRAINT "usage_daily_org_id_organisations_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_daily" DROP CONSTRAINT "usage_daily_developer_id_developers_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_hourly" DROP CONSTRAINT "usage_hourly_org_id_organisations_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_hourly" DROP CONSTRAINT "usage_hourly_developer_id_developers_id_fk";
