import { LANGUAGES } from './i18n.js';

/**
 * What the portal remembers. Language and text size stay across visits (localStorage); the sign-in lasts only as
 * long as the browser tab (sessionStorage), so that a shared or kiosk computer forgets it when the tab is closed.
 */
const LANGUAGE_KEY = 'citygraph.portal.language';
const TEXT_SIZE_KEY = 'citygraph.portal.textSize';
const TOKEN_KEY = 'citygraph.portal.token';
const CITIZEN_KEY = 'citygraph.portal.citizenId';
const FLASH_KEY = 'citygraph.portal.flash';
/** Where the city login ends its own session on sign-out (RP-Initiated Logout), when the citizen came from it. */
const END_SESSION_KEY = 'citygraph.portal.endSession';

function safely(action, fallback) {
  try {
    return action();
  } catch {
    // Storage can be switched off by the browser; the portal then simply forgets between pages.
    return fallback;
  }
}

export function readLanguage() {
  const saved = safely(() => localStorage.getItem(LANGUAGE_KEY), null);
  if (LANGUAGES.includes(saved)) return saved;
  return (navigator.language ?? '').toLowerCase().startsWith('zh') ? 'zh-Hans' : 'en';
}

export function saveLanguage(language) {
  safely(() => localStorage.setItem(LANGUAGE_KEY, language));
}

export function readTextSize() {
  return safely(() => localStorage.getItem(TEXT_SIZE_KEY), null) === 'larger' ? 'larger' : 'normal';
}

export function saveTextSize(size) {
  safely(() => localStorage.setItem(TEXT_SIZE_KEY, size));
}

export function readSession() {
  const token = safely(() => sessionStorage.getItem(TOKEN_KEY), null);
  const citizenId = safely(() => sessionStorage.getItem(CITIZEN_KEY), null);
  if (!token || !citizenId) return null;
  const endSession = safely(() => JSON.parse(sessionStorage.getItem(END_SESSION_KEY) ?? 'null'), null);
  return { token, citizenId, ...(endSession?.endpoint ? { endSession } : {}) };
}

export function saveSession({ token, citizenId, endSession }) {
  safely(() => {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(CITIZEN_KEY, citizenId);
    if (endSession) sessionStorage.setItem(END_SESSION_KEY, JSON.stringify(endSession));
    else sessionStorage.removeItem(END_SESSION_KEY);
  });
}

export function clearSession() {
  safely(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(CITIZEN_KEY);
    sessionStorage.removeItem(END_SESSION_KEY);
  });
}

/** A message key to show once on the next page (e.g. "You are signed out."). */
export function setFlash(key) {
  safely(() => sessionStorage.setItem(FLASH_KEY, key));
}

export function takeFlash() {
  return safely(() => {
    const key = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
    return key;
  }, null);
}
