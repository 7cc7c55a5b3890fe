// Methods of the provincial sync capability (issue 4), merged into the one API table.
export const syncApi = {} as const;
