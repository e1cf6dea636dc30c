CREATE TABLE "ticket_categories" (
	"key" text PRIMARY KEY NOT NULL,
	"label_fa" text NOT NULL,
	"label_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- The categories the demo's and earlier tickets carry (keys), with their names; an admin renames or adds more.
INSERT INTO "ticket_categories" ("key", "label_fa", "label_en", "position") VALUES
  ('repair', 'تعمیر و خرابی', 'Repair', 10),
  ('installation', 'نصب و راه‌اندازی', 'Installation', 20),
  ('warranty', 'گارانتی', 'Warranty', 30),
  ('after-sales', 'خدمات پس از فروش', 'After-sales service', 35),
  ('logistics', 'ارسال و تحویل', 'Delivery', 40),
  ('billing', 'مالی و صورت‌حساب', 'Billing', 50),
  ('digital', 'خدمات آنلاین', 'Online services', 60),
  ('complaint', 'شکایت', 'Complaint', 70),
  ('question', 'پرسش', 'Question', 80)
ON CONFLICT ("key") DO NOTHING;
