/**
 * The fixed service table (ARCHITECTURE §7): names are the grantee ids, the folder names, the metric labels.
 */
export const SUBGRAPH_NAMES = ['consent', 'health', 'licensing', 'transport', 'water', 'sensors'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEPARTMENTS = ['health', 'licensing', 'transport', 'water', 'sensors'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const DEFAULT_PORTS: Record<SubgraphName | 'gateway', number> = {
  gateway: 4000,
  consent: 4001,
  health: 4002,
  licensing: 4003,
  transport: 4004,
  water: 4005,
  sensors: 4006,
};

/** Display names used in access-log entries and grantee lists. */
export const DEPARTMENT_DISPLAY_NAMES: Record<Department, string> = {
  health: 'Health Department',
  licensing: 'Licensing Department',
  transport: 'Transport Department',
  water: 'Water Department',
  sensors: 'Sensor Network Office',
};

export function isSubgraphName(value: string): value is SubgraphName {
  return (SUBGRAPH_NAMES as readonly string[]).includes(value);
}

export function isDepartment(value: string): value is Department {
  return (DEPARTMENTS as readonly string[]).includes(value);
}
