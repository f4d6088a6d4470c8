import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

/** Every string leaf with its dotted key. */
function leaves(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) for (const [k, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  }
  return out;
}

const variables = (text: string): string[] => [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!).sort();

/** Latin words a Chinese UI keeps as they are: names, standards, units and acronyms. */
const KEPT_IN_CHINESE = /^(Arterial|GB\/T|TTI|KPI|CSV|OIDC|MQTT|HTTP|WebGL|REST|ID|km|km\/h|h|s|y|min|ms|veh|vph|pcu|Hz|MB|API|JSON|MapLibre|OpenStreetMap|SCATS|Webster|OK|UTC|v\d+|[A-Z]{1,3}\d*)$/;

describe('locales', () => {
  const english = leaves(en);
  const chinese = leaves(zhCN);

  it('have the same keys', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('use the same interpolation variables in both languages', () => {
    const mismatched = [...english].filter(([key, text]) => variables(text).join() !== variables(chinese.get(key) ?? '').join()).map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('leave no English words in the Chinese strings (names, units and acronyms aside)', () => {
    const untranslated = [...chinese]
      .filter(([key]) => !key.startsWith('languages.'))
      .map(([key, text]) => [key, text.replace(/\{\{[^}]*\}\}/g, '').match(/[A-Za-z][A-Za-z/-]*/g)?.filter((word) => !KEPT_IN_CHINESE.test(word)) ?? []] as const)
      .filter(([, words]) => words.length > 0)
      .map(([key, words]) => `${key}: ${words.join(' ')}`);
    expect(untranslated).toEqual([]);
  });
});
