import type { Purpose } from '../../platform/principal.js';
import type { SubgraphName } from '../../platform/services.js';
import type { DataCategory } from '../enforcement/types.js';
import type { ScopeItem } from './grant-scope.js';

/** The languages the portal and receipts speak. */
export type Language = 'EN' | 'ZH_HANS';

const HOLDER: Record<SubgraphName, { en: string; zh: string }> = {
  consent: { en: 'The city register', zh: '市民登记处' },
  health: { en: 'Health', zh: '卫生部门' },
  licensing: { en: 'Licensing', zh: '许可部门' },
  transport: { en: 'Transport', zh: '交通部门' },
  water: { en: 'Water', zh: '水务部门' },
  sensors: { en: 'The sensor network', zh: '传感器网络' },
};

const RECORD: Record<DataCategory, { en: string; zh: string }> = {
  IDENTITY: { en: 'record of who you are', zh: '关于您身份的记录' },
  CONTACT: { en: 'record of how to reach you', zh: '关于如何联系您的记录' },
  HEALTH: { en: 'record of your health', zh: '关于您健康状况的记录' },
  LOCATION: { en: 'record of where you go', zh: '关于您去过哪里的记录' },
  BIOMETRIC: { en: 'record of your face', zh: '关于您面部特征的记录' },
  FINANCIAL: { en: 'record of your businesses and money', zh: '关于您的企业和财务的记录' },
};

const PURPOSE: Record<Purpose, { en: string; zh: string }> = {
  PUBLIC_HEALTH: { en: 'to protect public health', zh: '用于保护公共卫生' },
  TRANSIT_ACCESS: { en: 'to let you through transit gates', zh: '用于公共交通闸机通行' },
  TAXI_ASSIST: { en: 'for taxi help', zh: '用于出租车协助' },
  LICENSING: { en: 'for business licences', zh: '用于营业执照' },
  FLOOD_RESPONSE: { en: 'to keep you safe in floods', zh: '用于防洪安全' },
  EMERGENCY: { en: 'in an emergency', zh: '用于紧急情况' },
  SERVICE_DELIVERY: { en: 'to give you a service', zh: '用于向您提供服务' },
  RESEARCH: { en: 'for research', zh: '用于研究' },
};

function possessive(subgraph: SubgraphName): string {
  const name = HOLDER[subgraph].en;
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}

/** One scope item in plain words: "Transport’s record of where you go". */
export function scopeItemWords(item: ScopeItem, language: Language): string {
  return language === 'EN' ? `${possessive(item.subgraph)} ${RECORD[item.category].en}` : `${HOLDER[item.subgraph].zh}${RECORD[item.category].zh}`;
}

/** A whole scope and its purpose in plain words: "Transport’s record of where you go, for taxi help". */
export function scopeWords(scope: readonly ScopeItem[], purpose: Purpose, language: Language): string {
  const items = scope.map((item, i) => {
    const words = scopeItemWords(item, language);
    return language === 'EN' && i > 0 && words.startsWith('The ') ? `the ${words.slice(4)}` : words;
  });
  if (language === 'EN') {
    const list = items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
    return `${list}, ${PURPOSE[purpose].en}`;
  }
  return `${items.join('、')}，${PURPOSE[purpose].zh}`;
}
