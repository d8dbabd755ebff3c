/** The html report's public surface: `renderHtmlReport(reports)` for `--html FILE`. */
export { renderHtmlReport } from "./render";
export { escapeHtml } from "./escape";
export { poolBar, poolPictureSvg, type Bar, type BarSegment } from "./pool-picture";
