// The member list's filters live in the URL query, so back/forward, reload and the print
// view all see the same list. These helpers turn the query into API parameters.
export const FILTER_KEYS = ['org', 'subtree', 'category', 'status', 'sex', 'age', 'education', 'q', 'mobile', 'lost_contact'];
export const AGE_BANDS = ['le30', '31_40', '41_50', '51_60', '61_70', 'gt70', 'ge60'];
export const SORTS = { name: 'name', birth_date: 'birth_date', joined_on: 'joined_on', org_name: 'org', org: 'org', age: '-birth_date', id: 'id' };

/** API query of GET /members from the route query (org falls back to `defaultOrg`). */
export function apiQueryFromRoute(q, defaultOrg) {
  const out = {};
  for (const k of FILTER_KEYS) if (q[k] !== undefined && q[k] !== '') out[k] = q[k];
  if (!out.org && defaultOrg) out.org = defaultOrg;
  if (out.subtree === undefined) out.subtree = '1';
  if (q.sort) out.sort = q.sort;
  return out;
}
