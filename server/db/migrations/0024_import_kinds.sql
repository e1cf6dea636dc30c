ALTER TABLE "import_rows" ADD COLUMN "record_id" uuid;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "record_key" text;--> statement-breakpoint
CREATE INDEX "import_rows_record_key" ON "import_rows" USING btree ("record_key") WHERE record_key IS NOT NULL;