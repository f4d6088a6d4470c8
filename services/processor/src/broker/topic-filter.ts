/**
 * MQTT topic filter matching (MQTT 3.1.1 §4.7): `+` matches one level (an empty one too), a trailing `#`
 * matches the parent and every level below; filters starting with a wildcard never match `$` topics.
 */
export function topicMatchesFilter(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i += 1) {
    const level = filterLevels[i];
    if (level === '#') return i === filterLevels.length - 1;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

export function matchesAny(filters: readonly string[], topic: string): boolean {
  return filters.some((filter) => topicMatchesFilter(filter, topic));
}
