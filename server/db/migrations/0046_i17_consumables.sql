ALTER TABLE "products" ADD COLUMN "consumable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "repurchase_days" integer;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_repurchase_cycle" CHECK ((NOT "products"."consumable" AND "products"."repurchase_days" IS NULL) OR ("products"."consumable" AND "products"."repurchase_days" >= 1));