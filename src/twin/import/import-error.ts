import type { ImportIssue } from '../city-model';

/** An import that failed: every issue names the file, the feature when there is one, and the reason. */
export class ImportError extends Error {
  readonly issues: ImportIssue[];

  constructor(issues: ImportIssue[]) {
    super(issues.map((i) => `${i.file}${i.feature === undefined ? '' : ` [${i.feature}]`}: ${i.reason}`).join('\n') || 'import failed');
    this.name = 'ImportError';
    this.issues = issues;
  }
}
