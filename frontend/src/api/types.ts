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
export type Version = Schemas["Version"];
export type VersionDetail = Schemas["VersionDetail"];
export type VersionDiff = Schemas["VersionDiff"];
export type SectionDiff = Schemas["SectionDiff"];
export type FieldChange = Schemas["FieldChange"];
export type DiffOp = Schemas["DiffOp"];
export type VersionReason = NonNullable<Version["reason"]>;
export type Export = Schemas["Export"];
export type ExportFormat = NonNullable<Export["format"]>;
export type PersonalData = Schemas["PersonalData"];
export type Health = Schemas["Health"];
export type Ready = Schemas["Ready"];
export type Metrics = Schemas["Metrics"];
export type DependencyCheck = Schemas["DependencyCheck"];
export type Backup = Schemas["Backup"];
export type AdminOrganization = Schemas["AdminOrganization"];
export type AdminOrganizationRequest = Schemas["AdminOrganizationRequest"];
export type UsageReport = Schemas["UsageReport"];
export type UsageByUser = Schemas["UsageByUser"];
export type UsageByEtp = Schemas["UsageByEtp"];
export type UsageOthers = Schemas["UsageOthers"];
export type UsageDay = Schemas["UsageDay"];
export type AuditEntry = Schemas["AuditEntry"];
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
