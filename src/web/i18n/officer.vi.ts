/** Vietnamese words of the officer's pages of this area: the Excel template, clarification threads, reviewed scores and objections, the score card. */
export const officerVi = {};
