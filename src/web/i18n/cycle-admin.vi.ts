/** Vietnamese words of the administrator's participants, extensions and export pages of a cycle. */
export const cycleAdminVi = {};
