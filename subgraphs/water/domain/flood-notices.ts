import type { FloodAlertRecord } from './flood-alerts.js';

/**
 * What the water department asks the city's notification service to send when an alert is raised or cleared
 * (docs/notifications.md). It names an audience, never a person: "the residents of district D" (the consent service
 * finds them by reading every citizen's sealed home district under the flood-warning statute, each read a decision
 * in that citizen's access log) or "the partners subscribed to road hazards". The parameters are codes only.
 */
export type FloodAudience = { residentsOf: string } | { partnersSubscribedTo: 'ROAD_HAZARDS' };

export interface FloodNotice {
  /** Water's idempotency key: one per alert episode and audience, so a notice sent again is one message. */
  key: string;
  audience: FloodAudience;
  /** Residents are e-mailed; a partner is called on the webhook it subscribed with. */
  channel?: 'EMAIL';
  template: 'FLOOD_WARNING' | 'FLOOD_CLEARED';
  params: Record<string, string>;
}

/** Sends notices as water's own processing under FLOOD_RESPONSE (the consent kit's `ServiceCapabilities` has this shape). */
export interface FloodNotifier {
  notify(items: readonly FloodNotice[]): Promise<{ accepted: number }>;
}

/** An episode's own stamp: its alert's id (one per district and start of episode). */
function episodeOf(alert: FloodAlertRecord): string {
  return alert.id;
}

/**
 * The residents' warning of the episode at its current level: one key per episode and level, so that an episode
 * warns its residents at most once at HIGH and once at SEVERE, however its level moves.
 */
export function residentsWarning(alert: FloodAlertRecord): FloodNotice {
  return { key: `flood-warning:${episodeOf(alert)}:${alert.level}`, audience: { residentsOf: alert.districtId }, channel: 'EMAIL', template: 'FLOOD_WARNING', params: { districtId: alert.districtId, level: alert.level } };
}

/** The road-hazard notice for partners when an episode starts or escalates (one key per episode and level). */
export function partnersWarning(alert: FloodAlertRecord): FloodNotice {
  return { key: `road-hazard:${episodeOf(alert)}:${alert.level}`, audience: { partnersSubscribedTo: 'ROAD_HAZARDS' }, template: 'FLOOD_WARNING', params: { districtId: alert.districtId, level: alert.level } };
}

/**
 * The all-clear for an alert whose episode ended: partners always (they heard of every episode); residents only if
 * a warning of this episode reached them (an all-clear for an episode they were never told of would only confuse).
 */
export function clearedNotices(alert: FloodAlertRecord): FloodNotice[] {
  const params = { districtId: alert.districtId };
  return [
    ...(alert.residentsWarned !== null ? [{ key: `flood-cleared:${episodeOf(alert)}`, audience: { residentsOf: alert.districtId }, channel: 'EMAIL' as const, template: 'FLOOD_CLEARED' as const, params }] : []),
    { key: `road-hazard-cleared:${episodeOf(alert)}`, audience: { partnersSubscribedTo: 'ROAD_HAZARDS' }, template: 'FLOOD_CLEARED', params },
  ];
}
