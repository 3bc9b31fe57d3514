/** Vietnamese words of the administrator's units, users and frameworks pages. */
export const catalogVi = {};
