CREATE TABLE "usage_refusals_hourly" (
	"org_id" text NOT NULL,
	"api_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"code" text NOT NULL,
	"refusals" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_refusals_hourly_org_id_hour_api_id_code_pk" PRIMARY KEY("org_id","hour","api_id","code")
);
--> statement-breakpoint
ALTER TABLE "usage_refusals_hourly" ADD CONSTRAINT "usage_refusals_hourly_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_refusals_hourly" ADD CONSTRAINT "usage_refusals_hourly_api_id_apis_id_fk" FOREIGN KEY ("api_id") REFERENCES "public"."apis"("id") ON DELETE cascade ON UPDATE no action;