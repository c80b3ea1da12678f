// Names for the API's schemas, taken from the generated OpenAPI types (never hand-written shapes).
import type { components } from "./schema";

type Schemas = components["schemas"];

export type User = Schemas["User"];
export type Me = Schemas["Me"];
export type Etp = Schemas["Etp"];
export type EtpCreate = Schemas["EtpCreate"];
export type EtpUpdate = Schemas["EtpUpdate"];
export type EtpWithSections = Schemas["EtpWithSections"];
export type Section = Schemas["Section"];
export type SectionUpdate = Schemas["SectionUpdate"];
export type QualityReport = Schemas["QualityReport"];
export type QualityWarning = Schemas["QualityWarning"];
export type Job = Schemas["Job"];
export type JobState = NonNullable<Job["state"]>;
export type Template = Schemas["Template"];
export type TemplateSummary = Schemas["TemplateSummary"];
export type TemplateField = Schemas["TemplateField"];
export type ApprovalReadiness = Schemas["ApprovalReadiness"];
export type Completion = Schemas["Completion"];
export type ApiErrorBody = Schemas["ApiError"];
export type EtpStatus = NonNullable<Etp["status"]>;
export type TemplateType = NonNullable<Etp["template_type"]>;
export type SectionStatus = NonNullable<Section["status"]>;

export const TERMINAL_JOB_STATES: ReadonlySet<JobState> = new Set(["succeeded", "failed", "cancelled"]);

/** The X-Pagination header (smorest): total, total_pages, page, page_size, first/last/next/previous. */
export interface Pagination {
  total: number;
  total_pages: number;
  page: number;
  page_size: number;
  first_page?: number;
  last_page?: number;
  next_page?: number;
  previous_page?: number;
}
