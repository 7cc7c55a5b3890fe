// Methods of the scanning and digitization capability (issue 3), merged into the one API table.
export const scanningApi = {} as const;
