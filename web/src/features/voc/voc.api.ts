/**
 * Voice of the customer on the web side: the figures (GET /api/voc/metrics), answers and their closed loop
 * (GET /api/survey-responses), the feedback inbox and its topics (GET /api/feedback…). Shapes follow
 * server/modules/surveys/{voc.service,metrics,responses.service,feedback.service}.ts.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import jalaali from 'jalaali-js';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import type {
  metricSummaryView, trendBucketView, breakdownRowView, vocFigures, surveyList, surveyResponseView, surveyResponsePage, feedbackView, feedbackPage,
  topicView, topicTrendView,
} from '../../../../common/survey.schemas';

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

export type Summary = Answer<typeof metricSummaryView>;
export type TrendBucket = Answer<typeof trendBucketView>;
export type BreakdownRow = Answer<typeof breakdownRowView>;
export type Figures = Answer<typeof vocFigures>;
export type FiguresQuery = { metric: Metric; from?: string; to?: string; surveyId?: string; groupBy?: string; calendar?: 'jalali' | 'gregorian' };

export const useFigures = (q: FiguresQuery) =>
  useQuery({
    queryKey: ['voc', 'metrics', q],
    queryFn: ({ signal }) => api.get<Figures>('/voc/metrics', q, { signal }),
    placeholderData: keepPreviousData,
  });

export type SurveyItem = Answer<typeof surveyList>['items'][number];
export const useSurveys = () =>
  useQuery({ queryKey: ['voc', 'surveys'], queryFn: ({ signal }) => api.get<{ items: SurveyItem[] }>('/surveys', undefined, { signal }) });

export type ResponseItem = Answer<typeof surveyResponseView>;
export type ResponsePage = Answer<typeof surveyResponsePage>;
export type FeedbackPage = Answer<typeof feedbackPage>;

export const useResponses = (q: { loop?: 'open' | 'closed'; page: number; pageSize?: number }) =>
  useQuery({
    queryKey: ['voc', 'responses', q],
    queryFn: ({ signal }) => api.get<ResponsePage>('/survey-responses', { pageSize: 25, ...q }, { signal }),
    placeholderData: keepPreviousData,
  });

export const isPromoter = (r: Pick<ResponseItem, 'metric' | 'score'>) =>
  r.score !== null && (r.metric === 'nps' || r.metric === 'csat' || r.metric === 'ces') && r.score >= TOP_SCORE[r.metric];

export const FEEDBACK_CHANNELS = ['survey', 'sms', 'call', 'visit', 'social', 'email', 'web', 'sales', 'other'] as const;
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];
export const SENTIMENT_COLOR: Record<Sentiment, string> = { positive: 'teal', neutral: 'gray', negative: 'red' };

export type FeedbackItem = Answer<typeof feedbackView>;
export type FeedbackQuery = { topic?: string; channel?: string; sentiment?: string; q?: string; page: number; pageSize: number };

export const useFeedback = (q: FeedbackQuery) =>
  useQuery({
    queryKey: ['voc', 'feedback', q],
    queryFn: ({ signal }) => api.get<FeedbackPage>('/feedback', q, { signal }),
    placeholderData: keepPreviousData,
  });

export type Topic = Answer<typeof topicView>;
export const useTopics = () =>
  useQuery({ queryKey: ['voc', 'topics'], queryFn: ({ signal }) => api.get<{ items: Topic[] }>('/feedback/topics', undefined, { signal }) });

export type TopicTrend = Answer<typeof topicTrendView>;
export const useTopicTrend = (months = 6) =>
  useQuery({ queryKey: ['voc', 'trend', months], queryFn: ({ signal }) => api.get<TopicTrend>('/feedback/trend', { months }, { signal }) });

/** After any write: every figure, list and trend may have moved. */
export function useRefreshVoc() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['voc'] });
}

/** A month key of the calendar → the Gregorian date of its 1st ("2026-03" → "2026-03-01"), so Intl can name it. */
export function monthStartOf(key: string, calendar: 'jalali' | 'gregorian'): string {
  return calendar === 'gregorian' ? `${key}-01` : jalaliMonthStart(key);
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
