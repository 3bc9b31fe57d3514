export enum Role {
  Admin = 'admin',
  Officer = 'officer',
  Reviewer = 'reviewer',
  /**
   * A machine account of a national system (issue #21: feeds): signs in with an API key only (`Authorization: ApiKey
   * …`), never with a password, and reaches only the routes that list this role (the feed push).
   */
  Service = 'service',
}

/** The roles of people (every signed-in person): a route open to "any signed-in user" lists these, never Service. */
export const ROLES: readonly Role[] = [Role.Admin, Role.Officer, Role.Reviewer];
