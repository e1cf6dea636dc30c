CREATE TABLE "lead_forms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token" text NOT NULL,
	"title" jsonb NOT NULL,
	"fields" jsonb NOT NULL,
	"consents" jsonb NOT NULL,
	"thank_you" jsonb NOT NULL,
	"language" text DEFAULT 'fa' NOT NULL,
	"owner_rule" jsonb NOT NULL,
	"rr_next" integer DEFAULT 0 NOT NULL,
	"create_deal" boolean DEFAULT false NOT NULL,
	"stage_id" uuid,
	"proof_of_work" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "lead_forms_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "lead_pow_spent" (
	"challenge" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lead_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"form_id" uuid NOT NULL,
	"customer_id" uuid,
	"deal_id" uuid,
	"outcome" text NOT NULL,
	"ip_hash" text NOT NULL,
	"payload" jsonb NOT NULL,
	"consents" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "lead_submissions_form_idx" ON "lead_submissions" USING btree ("form_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "lead_submissions_customer_idx" ON "lead_submissions" USING btree ("customer_id");