/** The baseline's only activity: it returns what it was given, so its cost is Temporal's and nothing else. */
export const baselineActivities = {
  nothing(i: number): Promise<number> {
    return Promise.resolve(i);
  },
};

export type BaselineActivities = typeof baselineActivities;
