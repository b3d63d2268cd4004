import type { Collection, Store } from '../../platform/store/types.js';

/**
 * A citizen's protected face template: one per citizen (record id = citizen id). `seed` and `template` are sealed
 * under the citizen's consent data key, bound to this enrolment; nothing else about the face is kept.
 */
export interface FaceTemplateRecord {
  id: string;
  citizenId: string;
  /** New at every enrolment: the sealed values are bound to it, so an old template cannot be put back. */
  enrolmentId: string;
  seed: string;
  template: string;
  enrolledAt: string;
  /** The consent grant to the transport department that this enrolment recorded. */
  grantId: string;
}

/** The only module that touches the face templates (a collection in the consent service's database). */
export class FaceTemplateStore {
  private constructor(private readonly templates: Collection<FaceTemplateRecord>) {}

  static async open(store: Store): Promise<FaceTemplateStore> {
    return new FaceTemplateStore(await store.collection<FaceTemplateRecord>({ name: 'face_templates' }));
  }

  get(citizenId: string): Promise<FaceTemplateRecord | null> {
    return this.templates.get(citizenId);
  }

  /** Replaces any previous enrolment: its seed goes with it, which revokes its template for good. */
  save(record: FaceTemplateRecord): Promise<void> {
    return this.templates.upsert(record);
  }

  delete(citizenId: string): Promise<boolean> {
    return this.templates.delete(citizenId);
  }
}
