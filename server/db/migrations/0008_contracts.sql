CREATE TABLE "contract_products" (
	"contract_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	CONSTRAINT "contract_products_contract_id_product_id_pk" PRIMARY KEY("contract_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"level" text,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL,
	"renewal_terms" text,
	"status" text DEFAULT 'active' NOT NULL,
	"owner_id" uuid,
	"reminder_days" integer DEFAULT 30 NOT NULL,
	"remind_customer" boolean DEFAULT false NOT NULL,
	"reminded_at" timestamp with time zone,
	"renewed_from_id" uuid,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contract_products" ADD CONSTRAINT "contract_products_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_products" ADD CONSTRAINT "contract_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_number_uq" ON "contracts" USING btree ("number");--> statement-breakpoint
CREATE INDEX "contracts_customer" ON "contracts" USING btree ("customer_id","end_date");--> statement-breakpoint
CREATE INDEX "contracts_active_end" ON "contracts" USING btree ("end_date") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_one_renewal" ON "contracts" USING btree ("renewed_from_id") WHERE renewed_from_id IS NOT NULL;