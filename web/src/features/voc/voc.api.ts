/**
 * Voice of the customer on the web side: the figures (GET /api/voc/metrics), answers and their closed loop
 * (GET /api/survey-responses), the feedback inbox and its topics (GET /api/feedback…). Shapes follow
 * server/modules/surveys/{voc.service,metrics,responses.service,feedback.service}.ts.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import jalaali from 'jalaali-js';
import { api } from '../../api/client';

export type Metric = 'nps' | 'csat' | 'ces';
export const METRICS: Metric[] = ['nps', 'csat', 'ces'];
export const TREND_GROUPS = ['week', 'month'] as const;
export const BREAKDOWN_GROUPS = ['product', 'agent', 'channel', 'segment', 'survey'] as const;
export type TrendGroup = (typeof TREND_GROUPS)[number];
export type BreakdownGroup = (typeof BREAKDOWN_GROUPS)[number];

export const SCALE: Record<Metric | 'stars', { min: number; max: number }> = {
  nps: { min: 0, max: 10 }, csat: { min: 1, max: 5 }, ces: { min: 1, max: 7 }, stars: { min: 1, max: 5 },
};
/** The top score that makes a promoter worth asking for a review (server: askForReview). */
export const TOP_SCORE: Record<Metric, number> = { nps: 9, csat: 5, ces: 7 };
/** Fewer answers than this: the figure is said to be shaky (the server's breakdown uses the same line). */
export const SMALL_N = 30;

type Interval = { value: number | null; low: number | null; high: number | null; marginOfError: number | null };
export type Summary = Interval & { kind: Metric; n: number; counts: Record<string, number>; hardShare?: number | null };
export type TrendBucket = Summary & { key: string; start: string; end: string };
export type BreakdownRow = Summary & { key: string; lowSample: boolean };
export type Figures = {
  metric: Metric; from: string; to: string; groupBy: string | null;
  summary: Summary; previous: Summary; change: number | null; significant: boolean;
  responseRate: { value: number | null; low: number | null; high: number | null; delivered: number; responses: number };
  groups: (TrendBucket | BreakdownRow)[] | null;
};
export type FiguresQuery = { metric: Metric; from?: string; to?: string; surveyId?: string; groupBy?: string };

export const useFigures = (q: FiguresQuery) =>
  useQuery({
    queryKey: ['voc', 'metrics', q],
    queryFn: ({ signal }) => api.get<Figures>('/voc/metrics', q, { signal }),
    placeholderData: keepPreviousData,
  });

export type SurveyItem = { id: string; name: string; metric: Metric | null; status: string; sent: number; responses: number };
export const useSurveys = () =>
  useQuery({ queryKey: ['voc', 'surveys'], queryFn: ({ signal }) => api.get<{ items: SurveyItem[] }>('/surveys', undefined, { signal }) });

export type ResponseItem = {
  id: string; surveyId: string; surveyName: string | null; customerId: string | null; customerName: string | null;
  metric: Metric | 'stars' | null; score: number | null; comment: string | null; channel: string;
  sourceType: 'ticket' | 'document' | null; sourceId: string | null; agentId: string | null; agentName: string | null;
  loop: { status: 'open' | 'closed'; taskId: string | null; ownerId: string | null; ownerName: string | null; note: string | null; closedAt: string | null; taskDueAt: string | null } | null;
  asked: { kind: 'review' | 'referral'; at: string } | null;
  createdAt: string;
};
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export const useResponses = (q: { loop?: 'open' | 'closed'; page: number; pageSize?: number }) =>
  useQuery({
    queryKey: ['voc', 'responses', q],
    queryFn: ({ signal }) => api.get<Page<ResponseItem>>('/survey-responses', { pageSize: 25, ...q }, { signal }),
    placeholderData: keepPreviousData,
  });

export const isPromoter = (r: Pick<ResponseItem, 'metric' | 'score'>) =>
  r.score !== null && (r.metric === 'nps' || r.metric === 'csat' || r.metric === 'ces') && r.score >= TOP_SCORE[r.metric];

export const FEEDBACK_CHANNELS = ['survey', 'sms', 'call', 'visit', 'social', 'email', 'web', 'sales', 'other'] as const;
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];
export const SENTIMENT_COLOR: Record<Sentiment, string> = { positive: 'teal', neutral: 'gray', negative: 'red' };

export type FeedbackItem = {
  id: string; customerId: string | null; customerName: string | null; channel: string; text: string; sentiment: Sentiment | null;
  topics: string[]; productId: string | null; productName: string | null; ticketId: string | null; responseId: string | null;
  score: number | null; metric: Metric | 'stars' | null; createdAt: string;
};
export type FeedbackQuery = { topic?: string; channel?: string; sentiment?: string; q?: string; page: number; pageSize: number };

export const useFeedback = (q: FeedbackQuery) =>
  useQuery({
    queryKey: ['voc', 'feedback', q],
    queryFn: ({ signal }) => api.get<Page<FeedbackItem>>('/feedback', q, { signal }),
    placeholderData: keepPreviousData,
  });

export type Topic = { id: string; name: string; keywords: string[] };
export const useTopics = () =>
  useQuery({ queryKey: ['voc', 'topics'], queryFn: ({ signal }) => api.get<{ items: Topic[] }>('/feedback/topics', undefined, { signal }) });

export type TopicTrend = { months: string[]; items: { topic: string | null; total: number; negative: number; byMonth: number[] }[]; canEdit: boolean };
export const useTopicTrend = (months = 6) =>
  useQuery({ queryKey: ['voc', 'trend', months], queryFn: ({ signal }) => api.get<TopicTrend>('/feedback/trend', { months }, { signal }) });

/** After any write: every figure, list and trend may have moved. */
export function useRefreshVoc() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['voc'] });
}

/** A Jalali month key ("1405-09") → the Gregorian date of its 1st, so Intl can name it in the user's calendar. */
export function jalaliMonthStart(key: string): string {
  const [jy, jm] = key.split('-').map(Number);
  const g = jalaali.toGregorian(jy, jm, 1);
  return `${g.gy}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`;
}

/** Today in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
