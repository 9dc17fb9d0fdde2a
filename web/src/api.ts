// The workbench's JSON API (docs/openapi.json). The session cookie rides along by itself; every
// POST carries the CSRF token the session endpoint gives.

export interface Session {
  case: string;
  author: string;
  read_only: boolean;
  csrf: string;
  provider: string;
  rules: string[];
  reviews: number;
  threat_models: string[];
}

export interface Finding {
  severity: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  span?: { start: number; end: number; line: number; column: number };
  suggestion?: string;
}

export interface Draft {
  query: string;
  explanation: string;
  provider: string;
  findings: Finding[];
  mapping: string[];
  not_understood: string[];
  techniques?: { id: string; name: string }[];
  runnable: boolean;
}

export interface Column {
  name: string;
  type: string;
}

export interface Hunt {
  id: string;
  draft: Draft;
  steps: { question: string; query: string; provider: string; runnable: boolean }[];
  approved: null | {
    journal_seq: number;
    journal_hash: string;
    by: string;
    row_count: number;
    truncated: boolean;
    columns: Column[];
  };
}

export interface RowsPage {
  columns: Column[];
  rows: unknown[][];
  offset: number;
  row_count: number;
  truncated: boolean;
}

export interface TimelineEntry {
  _eid: number;
  TimeGenerated: string;
  table: string;
  Computer: string;
  kind: string;
  message: string;
  fields: Record<string, unknown>;
}

export interface Histogram {
  from: string;
  to: string;
  bucket_seconds: number;
  buckets: { start: string; events: number; alerts: number }[];
  events: number;
  alerts: number;
  events_query: string;
  alerts_query: string;
}

export interface Count {
  name: string;
  count: number;
}

export interface Overview {
  tables: { table: string; rows: number; min_time?: string; max_time?: string; columns: number }[];
  total_rows: number;
  time: { from?: string; to?: string };
  alerts: number;
  alerts_by_level: Count[];
  alerts_by_host: Count[];
  events_by_host: Count[];
  files: { path: string; format: string; status: string; records: number; skipped: number }[];
  files_total: number;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public details?: unknown,
  ) {
    super(message);
  }
}

let csrf = '';

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: any = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(res.status, text.slice(0, 200) || res.statusText);
  }
  if (!res.ok) throw new ApiError(res.status, body.error ?? res.statusText, body);
  return body as T;
}

export type Params = Record<string, string | number | boolean | undefined>;

export async function get<T>(path: string, params: Params = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  }
  const qs = q.toString();
  return answer<T>(await fetch(path + (qs ? '?' + qs : ''), { credentials: 'same-origin' }));
}

export async function post<T>(path: string, body: object): Promise<T> {
  return answer<T>(
    await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Quarry-CSRF': csrf },
      body: JSON.stringify(body),
    }),
  );
}

export async function startSession(): Promise<Session> {
  const s = await get<Session>('/api/session');
  csrf = s.csrf;
  return s;
}
