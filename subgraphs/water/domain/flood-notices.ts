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

/** The residents' warning and the partners' road-hazard notice for an alert just raised. */
export function raisedNotices(alert: FloodAlertRecord): FloodNotice[] {
  const params = { districtId: alert.districtId, level: alert.level };
  return [
    { key: `flood-warning:${episodeOf(alert)}`, audience: { residentsOf: alert.districtId }, channel: 'EMAIL', template: 'FLOOD_WARNING', params },
    { key: `road-hazard:${episodeOf(alert)}`, audience: { partnersSubscribedTo: 'ROAD_HAZARDS' }, template: 'FLOOD_WARNING', params },
  ];
}

/** The all-clear for an alert whose episode ended (`alert` as it was while active). */
export function clearedNotices(alert: FloodAlertRecord): FloodNotice[] {
  const params = { districtId: alert.districtId };
  return [
    { key: `flood-cleared:${episodeOf(alert)}`, audience: { residentsOf: alert.districtId }, channel: 'EMAIL', template: 'FLOOD_CLEARED', params },
    { key: `road-hazard-cleared:${episodeOf(alert)}`, audience: { partnersSubscribedTo: 'ROAD_HAZARDS' }, template: 'FLOOD_CLEARED', params },
  ];
}
