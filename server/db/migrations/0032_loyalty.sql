CREATE TABLE "loyalty_ledger" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"points" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"spend" bigint DEFAULT 0 NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"source_type" text,
	"source_id" text,
	"lot_id" uuid,
	"expires_at" timestamp with time zone,
	"actor_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loyalty_members" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"tier" text,
	"tier_since" timestamp with time zone,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_members_balance_nonneg" CHECK ("loyalty_members"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "loyalty_program" (
	"id" text PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loyalty_tier_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"from_tier" text,
	"to_tier" text,
	"direction" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loyalty_ledger" ADD CONSTRAINT "loyalty_ledger_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_members" ADD CONSTRAINT "loyalty_members_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_tier_changes" ADD CONSTRAINT "loyalty_tier_changes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loyalty_ledger_customer" ON "loyalty_ledger" USING btree ("customer_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_ledger_source_uq" ON "loyalty_ledger" USING btree ("customer_id","kind","source_type","source_id") WHERE "loyalty_ledger"."source_id" IS NOT NULL AND "loyalty_ledger"."kind" IN ('earn', 'reverse');--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_ledger_expiry_uq" ON "loyalty_ledger" USING btree ("lot_id") WHERE "loyalty_ledger"."kind" = 'expire';--> statement-breakpoint
CREATE INDEX "loyalty_members_tier" ON "loyalty_members" USING btree ("tier");--> statement-breakpoint
CREATE INDEX "loyalty_tier_changes_customer" ON "loyalty_tier_changes" USING btree ("customer_id","at" DESC NULLS LAST);--> statement-breakpoint
-- hand-written: the ledger is append-only. Only a customer merge may move rows to another customer (customer_id);
-- an erasure deletes them. Any other change to a written entry is refused by the database itself.
CREATE FUNCTION loyalty_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.kind, NEW.points, NEW.balance_after, NEW.spend, NEW.reason, NEW.source_type, NEW.source_id, NEW.lot_id, NEW.expires_at, NEW.actor_id, NEW.at)
     IS DISTINCT FROM (OLD.id, OLD.kind, OLD.points, OLD.balance_after, OLD.spend, OLD.reason, OLD.source_type, OLD.source_id, OLD.lot_id, OLD.expires_at, OLD.actor_id, OLD.at) THEN
    RAISE EXCEPTION 'loyalty_ledger is append-only';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER loyalty_ledger_append_only BEFORE UPDATE ON loyalty_ledger FOR EACH ROW EXECUTE FUNCTION loyalty_ledger_append_only();
