/** Vietnamese words of the reviewer's clarification and workbook pages, and the administrator's reviewer assignments. */
export const reviewerVi = {};
