-- Nothing in the product created OAuth clients before this migration; a hand-inserted one has no
-- credential row to carry its policies, so it cannot survive key_id becoming required.
DELETE FROM "oauth_clients";--> statement-breakpoint
CREATE TYPE "public"."key_kind" AS ENUM('key', 'oauth_client');--> statement-breakpoint
CREATE TABLE "oauth_signing_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"alg" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_jwk_encrypted" text NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "key_requests" ADD COLUMN "oauth_client_id" text;--> statement-breakpoint
ALTER TABLE "keys" ADD COLUMN "kind" "key_kind" DEFAULT 'key' NOT NULL;--> statement-breakpoint
ALTER TABLE "keys" ADD COLUMN "previous_hash" text;--> statement-breakpoint
ALTER TABLE "keys" ADD COLUMN "previous_start" text;--> statement-breakpoint
ALTER TABLE "keys" ADD COLUMN "previous_hash_ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "oauth_clients" ADD COLUMN "key_id" text NOT NULL;--> statement-breakpoint
ALTER TABLE "oauth_clients" ADD COLUMN "catalog_entry_id" text;--> statement-breakpoint
ALTER TABLE "oauth_clients" ADD COLUMN "secret_rotated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "oauth_signing_keys" ADD CONSTRAINT "oauth_signing_keys_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oauth_signing_keys_org_idx" ON "oauth_signing_keys" USING btree ("org_id");--> statement-breakpoint
ALTER TABLE "key_requests" ADD CONSTRAINT "key_requests_oauth_client_id_oauth_clients_id_fk" FOREIGN KEY ("oauth_client_id") REFERENCES "public"."oauth_clients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_clients" ADD CONSTRAINT "oauth_clients_key_id_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_clients" ADD CONSTRAINT "oauth_clients_catalog_entry_id_catalog_entries_id_fk" FOREIGN KEY ("catalog_entry_id") REFERENCES "public"."catalog_entries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "keys_previous_hash_uq" ON "keys" USING btree ("previous_hash") WHERE "keys"."previous_hash" is not null;