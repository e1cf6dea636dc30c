CREATE TABLE "journey_pain_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"journey_id" uuid NOT NULL,
	"pain_id" text NOT NULL,
	"touchpoint_key" text NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"action_owner_id" uuid,
	"action_due_date" date,
	"action_task_id" uuid,
	"action_since" date,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journeys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"stages" jsonb NOT NULL,
	"touchpoints" jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "journey_pain_reviews" ADD CONSTRAINT "journey_pain_reviews_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_pain_reviews" ADD CONSTRAINT "journey_pain_reviews_action_owner_id_users_id_fk" FOREIGN KEY ("action_owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_pain_reviews" ADD CONSTRAINT "journey_pain_reviews_action_task_id_tasks_id_fk" FOREIGN KEY ("action_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_pain_reviews" ADD CONSTRAINT "journey_pain_reviews_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "journey_pain_reviews_uq" ON "journey_pain_reviews" USING btree ("journey_id","pain_id");--> statement-breakpoint
CREATE INDEX "journey_pain_reviews_journey" ON "journey_pain_reviews" USING btree ("journey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "journeys_one_default" ON "journeys" USING btree ("is_default") WHERE is_default;--> statement-breakpoint
-- hand-written: the default journey (the same as server/modules/journeys/journeys.default.ts; journeys.default.test.ts keeps them equal)
INSERT INTO "journeys" ("name", "stages", "touchpoints", "is_default") VALUES ('سفر مشتری', '[{"key":"awareness","name":"آشنایی","nameEn":"Awareness"},{"key":"consideration","name":"بررسی","nameEn":"Consideration"},{"key":"purchase","name":"خرید","nameEn":"Purchase"},{"key":"delivery","name":"تحویل و راه‌اندازی","nameEn":"Delivery & onboarding"},{"key":"use","name":"استفاده","nameEn":"Use"},{"key":"support","name":"پشتیبانی","nameEn":"Support"},{"key":"loyalty","name":"وفاداری و معرفی","nameEn":"Loyalty & advocacy"}]'::jsonb, '[{"key":"campaign_message","name":"پیام کمپین","nameEn":"Campaign message","stageKey":"awareness","rule":{"source":"campaign"}},{"key":"web_form","name":"فرم وب‌سایت","nameEn":"Web form lead","stageKey":"awareness","rule":{"source":"lead"}},{"key":"call_answered","name":"تماس پاسخ‌داده","nameEn":"Call answered","stageKey":"consideration","rule":{"source":"call","events":["answered"]}},{"key":"call_missed","name":"تماس بی‌پاسخ","nameEn":"Missed call","stageKey":"consideration","rule":{"source":"call","events":["missed"]}},{"key":"conversation","name":"گفت‌وگو پیش از خرید","nameEn":"Conversation before buying","stageKey":"consideration","rule":{"source":"interaction","events":["call","meeting","visit","chat","whatsapp","instagram","telegram","email","sms"],"phase":"before_purchase"}},{"key":"quote_sent","name":"ارسال پیش‌فاکتور","nameEn":"Quote sent","stageKey":"consideration","rule":{"source":"quote","events":["sent"]}},{"key":"quote_viewed","name":"مشاهدهٔ پیش‌فاکتور","nameEn":"Quote viewed","stageKey":"consideration","rule":{"source":"quote","events":["viewed"]}},{"key":"quote_expired","name":"پیش‌فاکتور منقضی","nameEn":"Quote expired","stageKey":"consideration","rule":{"source":"quote","events":["expired"]}},{"key":"quote_accepted","name":"پذیرش پیش‌فاکتور","nameEn":"Quote accepted","stageKey":"purchase","rule":{"source":"quote","events":["accepted"]}},{"key":"first_purchase","name":"نخستین خرید","nameEn":"First purchase","stageKey":"purchase","rule":{"source":"invoice","events":["paid"],"phase":"first"}},{"key":"delivery_csat","name":"رضایت از تحویل","nameEn":"Delivery satisfaction","stageKey":"delivery","rule":{"source":"survey","metric":"csat","triggers":["invoice_paid"],"measures":"first_purchase"}},{"key":"service_contract","name":"قرارداد خدمات","nameEn":"Service contract","stageKey":"use","rule":{"source":"contract","events":["started"]}},{"key":"conversation_after","name":"گفت‌وگو پس از خرید","nameEn":"Conversation after buying","stageKey":"use","rule":{"source":"interaction","events":["call","meeting","visit","chat","whatsapp","instagram","telegram","email","sms"],"phase":"after_purchase"}},{"key":"ticket_opened","name":"ثبت تیکت","nameEn":"Ticket opened","stageKey":"support","rule":{"source":"ticket","events":["opened"]}},{"key":"first_response","name":"نخستین پاسخ","nameEn":"First response","stageKey":"support","rule":{"source":"ticket","events":["first_response"]}},{"key":"handover","name":"ارجاع بین همکاران","nameEn":"Hand-over","stageKey":"support","rule":{"source":"handover"}},{"key":"ticket_resolved","name":"حل تیکت","nameEn":"Ticket resolved","stageKey":"support","rule":{"source":"ticket","events":["resolved"]}},{"key":"ticket_reopened","name":"بازگشایی تیکت","nameEn":"Ticket reopened","stageKey":"support","rule":{"source":"ticket","events":["reopened"]}},{"key":"support_survey","name":"رضایت از پشتیبانی","nameEn":"Support satisfaction","stageKey":"support","rule":{"source":"survey","triggers":["ticket_resolved"],"measures":"ticket_resolved"}},{"key":"repeat_purchase","name":"خرید دوباره","nameEn":"Repeat purchase","stageKey":"loyalty","rule":{"source":"invoice","events":["paid"],"phase":"repeat"}},{"key":"nps_answer","name":"پاسخ NPS","nameEn":"NPS answer","stageKey":"loyalty","rule":{"source":"survey","metric":"nps","triggers":["periodic","manual"]}}]'::jsonb, true);
