/** The shapes the console reads, as the API documents them (/openapi.json); extra fields are ignored. */
export type Verdict = 'pass' | 'review' | 'block';
export const CATEGORIES = ['porn', 'ad', 'terror', 'politics', 'sensitive', 'abuse', 'flood', 'custom'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Label {
  category: Category;
  score: number;
  verdict: Verdict;
  source?: string;
}

export type Point = [number, number];
export type Quad = [Point, Point, Point, Point];

export interface Hit {
  category: Category;
  word: string;
  lexicon: string;
  start: number;
  end: number;
  matched?: string;
  evasion?: string[];
  source?: string;
  score?: number;
  code?: number;
  line?: number;
  box?: Quad;
}

export interface ModerationResult {
  verdict: Verdict;
  labels: Label[];
  hits: Hit[];
}

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Job {
  id: string;
  task: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
  progress?: number;
  result?: unknown;
  error?: { code: string; message: string } | null;
  createdAt: string;
  finishedAt?: string | null;
}

export interface ReviewItem {
  jobId: string;
  task: string;
  status: 'pending' | 'decided';
  verdict: Verdict;
  labels: Label[];
  createdAt: string;
  finishedAt: string;
  evidence: { text?: string; hits?: Hit[]; fileId?: string; result: unknown };
  decision?: { decision: 'pass' | 'block'; categories: string[]; note?: string; by: string; at: string };
}

export interface ReviewSummary {
  pending: number;
  decided: number;
  pendingByCategory: Record<string, number>;
}
