// Pages by hash (#/timeline?host=WS01): the server serves one page and never sees the route.
export interface Route {
  page: string;
  arg: string;
  params: URLSearchParams;
}

export function readRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?', 2);
  const [page, arg] = (path || 'overview').split('/', 2);
  return { page, arg: arg ?? '', params: new URLSearchParams(query ?? '') };
}

export function go(page: string, params: Record<string, string> = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ''));
  const qs = q.toString();
  location.hash = '#/' + page + (qs ? '?' + qs : '');
}
