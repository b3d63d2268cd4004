import { z } from 'zod';

/**
 * What a department may send, by template: the text is the city's, in both languages, and the parameters are
 * codes, ids and times checked against a pattern, never free text, so that a message cannot carry a personal value
 * (the only personal value in a delivery is the address, opened under a statute by the consent service).
 */
const code = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/);
const time = z.iso.datetime();

type Params = Readonly<Record<string, string>>;
interface Template {
  params: z.ZodType<Params>;
  title: { en: string; zh: string };
  en(p: Params): string;
  zh(p: Params): string;
}

export const TEMPLATES = {
  FLOOD_WARNING: {
    title: { en: 'Flood warning', zh: '洪水预警' },
    params: z.strictObject({ districtId: code, level: z.enum(['MODERATE', 'HIGH', 'SEVERE']) }),
    en: (p: Params) => `Flood warning for district ${p.districtId}: risk is ${p.level}. Follow the city's flood guidance and avoid low-lying roads.`,
    zh: (p: Params) => `${p.districtId} 区洪水预警：风险等级 ${p.level}。请遵循城市防洪指引，避开低洼道路。`,
  },
  FLOOD_CLEARED: {
    title: { en: 'Flood warning ended', zh: '洪水预警解除' },
    params: z.strictObject({ districtId: code }),
    en: (p: Params) => `The flood warning for district ${p.districtId} has ended.`,
    zh: (p: Params) => `${p.districtId} 区的洪水预警已解除。`,
  },
  LICENCE_REMINDER: {
    title: { en: 'Licence renewal', zh: '执照续期' },
    params: z.strictObject({ licenceId: code, expiresAt: time }),
    en: (p: Params) => `Your business licence ${p.licenceId} expires on ${String(p.expiresAt).slice(0, 10)}. Renew it before then to keep trading.`,
    zh: (p: Params) => `您的营业执照 ${p.licenceId} 将于 ${String(p.expiresAt).slice(0, 10)} 到期。请在此之前续期，以便继续经营。`,
  },
} satisfies Record<string, Template>;

export type TemplateId = keyof typeof TEMPLATES;
export const TEMPLATE_IDS = Object.keys(TEMPLATES) as TemplateId[];
export type NotificationLanguage = 'EN' | 'ZH_HANS';

/** The template's parameters, checked; `undefined` when they do not fit (the caller refuses the message). */
export function checkParams(template: TemplateId, params: unknown): Record<string, string> | undefined {
  const parsed = TEMPLATES[template].params.safeParse(params);
  return parsed.success ? { ...parsed.data } : undefined;
}

/** The message text in one language. The parameters were checked when the message was accepted. */
export function render(template: TemplateId, params: Record<string, string>, language: NotificationLanguage): string {
  const t: Template = TEMPLATES[template];
  return language === 'ZH_HANS' ? t.zh(params) : t.en(params);
}

/** The template's title (an e-mail's subject) in one language: the city's words, nothing about the citizen. */
export function titleOf(template: TemplateId, language: NotificationLanguage): string {
  const { title }: Template = TEMPLATES[template];
  return language === 'ZH_HANS' ? title.zh : title.en;
}
