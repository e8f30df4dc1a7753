/** The diagnosis report: model, redaction and renderers. */
export * from './model.ts';
export { envSecrets, redactReport } from './redactReport.ts';
export { renderReportJson, renderReportMarkdown, renderReportText, stagePicture } from './render.ts';
