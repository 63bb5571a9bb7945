/**
 * The policy inside a candidate document. Accepted shapes, all of the SegmentationPolicyChanged
 * schema: the policy itself (`{abc, lifecycle, rfm}`), the event's data (`{version?, policy, …}`)
 * or the whole event (`{type, data: {policy, …}}`). The decider validates what comes out.
 */
export function candidatePolicyOf(document: unknown): unknown {
  const record = (v: unknown): Record<string, unknown> | null =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const doc = record(document);
  if (!doc) return document;
  if ('abc' in doc || 'lifecycle' in doc || 'rfm' in doc) return doc;
  if (record(doc.policy)) return doc.policy;
  const data = record(doc.data);
  if (data && record(data.policy)) return data.policy;
  return doc;
}
