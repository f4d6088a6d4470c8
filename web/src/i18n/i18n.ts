/**
 * i18next setup: English and Simplified Chinese bundled (the control room may be offline, so nothing is
 * fetched). The choice is persisted; without one, a zh* browser language selects Chinese.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type Translation } from './locales/en';
import { zhCN } from './locales/zh-CN';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_STORAGE_KEY = 'arterial.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Translation };
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Stored choice first, then the browser's preference. */
export function initialLanguage(stored: string | null, browserLanguages: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  const first = browserLanguages[0] ?? 'en';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    // Storage can be disabled by policy; the browser language still applies.
    return null;
  }
}

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  document.title = i18next.t('app.title');
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not persisting is acceptable; the switch still works for this session.
  }
}

export async function initI18n(): Promise<I18n> {
  const browserLanguages = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: initialLanguage(readStoredLanguage(), browserLanguages),
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
  });
  i18next.on('languageChanged', applyLanguage);
  document.documentElement.lang = i18next.language;
  document.title = i18next.t('app.title');
  return i18next;
}
