export enum SubmissionStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Returned = 'returned',
}
