/**
 * No eager activities: an activity started eagerly from a workflow task never goes through the task queue, so the
 * per-sender limits and priorities would not see it (a confirming GET, a poll's first attempt). The bench's
 * baseline worker takes the same value, so that its CPU figure compares like for like.
 */
export const EAGER_ACTIVITY_RESERVATIONS_PER_WORKFLOW_TASK = 0;
